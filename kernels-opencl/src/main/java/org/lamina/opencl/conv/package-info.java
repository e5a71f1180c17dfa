/**
 * Kernels of the convolution family: direct, depthwise and 1x1 convolutions, forward and backward.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.conv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
