/**
 * The batched, strided, register-blocked matrix product.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.gemm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
