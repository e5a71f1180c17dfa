/**
 * Kernels of dropout with the Philox counter-based generator.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.dropout;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
