/**
 * Pictures of tensors for every visualization ({@link org.lamina.visual.Images}).
 */
@Export
@Version("0.1.0")
package org.lamina.visual;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
