/**
 * Kernels of the loss functions.
 */
@Export
@Version("0.2.0")
package org.lamina.opencl.loss;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
