/**
 * Kernels of weight regularization terms.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.regularize;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
