/**
 * Kernels of local response normalization.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.lrn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
