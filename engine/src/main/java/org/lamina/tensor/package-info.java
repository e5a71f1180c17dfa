/**
 * Tensors: shapes, storage on a device, memory accounting.
 */
@Export
@Version("1.0.0")
package org.lamina.tensor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
