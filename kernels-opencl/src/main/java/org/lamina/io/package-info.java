/**
 * Atomic file writes, and JSON values from files as messages show them.
 */
@Export
@Version("0.1.0")
package org.lamina.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
