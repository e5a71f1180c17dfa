/**
 * Kernels of batch normalization.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.batchnorm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
