/**
 * Datasets (IDX, CIFAR-10), mini-batches, normalization and augmentation.
 */
@Export
@Version("0.3.0")
package org.lamina.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
