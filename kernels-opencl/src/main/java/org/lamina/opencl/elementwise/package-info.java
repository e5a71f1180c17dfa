/**
 * Kernels of element-wise and structural ops.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.elementwise;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
