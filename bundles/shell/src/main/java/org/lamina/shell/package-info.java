/**
 * The {@code lamina} commands, run by the command line on a class path and by the OSGi container as
 * {@code lamina:*} shell commands.
 */
@Export
@Version("0.1.0")
package org.lamina.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
