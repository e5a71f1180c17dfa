/**
 * Validated shape rules shared by every backend: convolution, pooling and normalization geometry.
 */
@Export
@Version("0.1.0")
package org.lamina.geometry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
