/**
 * The registry of plugin services, fed by ServiceLoader or by an OSGi container.
 */
@Export
@Version("1.0.0")
package org.lamina.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
