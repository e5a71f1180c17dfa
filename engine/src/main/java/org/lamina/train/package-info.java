/**
 * Training: the trainer, metrics, logs and curves, regularizers.
 */
@Export
@Version("0.1.0")
package org.lamina.train;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
