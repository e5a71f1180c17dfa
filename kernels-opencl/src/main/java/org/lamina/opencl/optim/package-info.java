/**
 * Kernels of in-place optimizer updates.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.optim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
