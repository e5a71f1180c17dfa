/**
 * Tensors as pictures, for every visualization: grey or RGB images, heat maps and overlays, grids,
 * rows and columns of tiles, captions, PNG files written atomically.
 */
@Export
@Version("0.1.0")
package org.lamina.visual;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
