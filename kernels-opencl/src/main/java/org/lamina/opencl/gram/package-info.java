/**
 * Kernels of Gram matrices (the style representation of neural style transfer).
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.gram;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
