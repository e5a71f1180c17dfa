/**
 * One class per op, forward and backward side by side, validating its arguments.
 */
@Export
@Version("0.3.0")
package org.lamina.ops;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
