/**
 * Per-device tuning: the {@link org.lamina.opencl.tuning.Tuner} that searches GEMM tiles and
 * convolution algorithms on a device, the {@link org.lamina.opencl.tuning.TuningTable} it finds, and
 * the {@link org.lamina.opencl.tuning.TuningStore} that keeps one JSON file per device for later runs;
 * the {@link org.lamina.opencl.tuning.TuningDatabase} of defaults per device class, and the
 * {@link org.lamina.opencl.tuning.TuningSpec} in which each kernel family declares its parameters once.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.tuning;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
