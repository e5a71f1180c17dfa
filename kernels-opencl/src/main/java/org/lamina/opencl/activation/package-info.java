/**
 * Kernels of element-wise activations and softmax.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.activation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
