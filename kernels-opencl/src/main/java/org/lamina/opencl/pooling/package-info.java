/**
 * Kernels of max, average and adaptive pooling.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.pooling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
