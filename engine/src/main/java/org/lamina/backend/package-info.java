/**
 * Backends: the interface of each op family and the selection of a backend; the implementations are private.
 */
@Export
@Version("1.1.0")
package org.lamina.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
