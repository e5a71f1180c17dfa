/**
 * Reference vectors computed by PyTorch and the runner that checks Lamina against them.
 */
@Export
@Version("0.1.0")
package org.lamina.golden;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
