/**
 * What a device refuses, in terms any backend and the executor share.
 */
@Export
@Version("0.1.0")
package org.lamina.limits;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
