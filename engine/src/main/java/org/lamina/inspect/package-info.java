/**
 * Seeing inside a trained network: its first layer's filters, the feature maps of a layer, the
 * dataset patches that excite a unit most (Zeiler and Fergus), the input a class's score likes best
 * (Simonyan et al.) and DeepDream. Each takes a {@link org.lamina.exec.Model} on any backend and
 * draws with {@code org.lamina.visual.Images}.
 */
@Export
@Version("0.1.0")
package org.lamina.inspect;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
