/**
 * The layers graphs are built of.
 */
@Export
@Version("1.0.0")
package org.lamina.layers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
