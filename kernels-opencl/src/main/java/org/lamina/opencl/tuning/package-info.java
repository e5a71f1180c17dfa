/**
 * Per-device tuning: the {@link org.lamina.opencl.tuning.Tuner} that searches GEMM tiles and
 * convolution algorithms on a device, the {@link org.lamina.opencl.tuning.TuningTable} it finds, and
 * the {@link org.lamina.opencl.tuning.TuningStore} that keeps one JSON file per device for later runs.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.tuning;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
