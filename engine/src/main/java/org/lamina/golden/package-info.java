/**
 * Reference vectors computed by PyTorch and the runner that checks Lamina against them.
 *
 * <p>Internal, not API: exported only to bundles that import it with {@code lamina.internal=true}
 * (the shell's {@code lamina verify}), with no compatibility promise (docs/architecture.md, the
 * engine's packages).
 */
@Export(attribute = {"lamina.internal=true", "mandatory:=lamina.internal", "x-internal:=true"})
@Version("0.1.0")
package org.lamina.golden;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
