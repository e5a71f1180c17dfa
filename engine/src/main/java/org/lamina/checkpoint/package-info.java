/**
 * Checkpoints in the safetensors format.
 */
@Export
@Version("0.3.0")
package org.lamina.checkpoint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
