/**
 * Device access for plugins: how a layer of a plugin runs its own OpenCL kernels on the device of
 * the backend it is given ({@link org.lamina.device.OpenClAccess}), or its own host code on the Java
 * backend ({@link org.lamina.device.HostAccess}). Reached through
 * {@link org.lamina.backend.Backend#deviceAccess()}; the backend implementations stay private.
 */
@Export
@Version("0.2.0")
package org.lamina.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
