/**
 * The OpenCL runtime over JOCL: device discovery and selection, contexts, buffers, program building and caching, kernels, named errors.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
