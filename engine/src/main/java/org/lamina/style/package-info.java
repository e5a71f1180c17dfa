/**
 * Neural style transfer: an image optimized against content and Gram-matrix style losses at layers of
 * a trained network.
 */
@Export
@Version("0.1.0")
package org.lamina.style;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
