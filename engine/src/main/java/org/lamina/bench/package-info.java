/**
 * The benchmark workload catalog: each op and shape that Lamina is measured on (the shapes of the
 * PyTorch peer script, batch norm, GEMM, dense layers, whole training steps) with its FLOP and byte
 * counts, and a way to run it on any backend. The JMH benchmarks, {@code lamina bench} and the
 * PyTorch comparison all read this one list, so their rows line up by name.
 *
 * <p>Internal, not API: exported only to bundles that import it with {@code lamina.internal=true}
 * (the shell), with no compatibility promise (docs/architecture.md, the engine's packages).
 */
@Export(attribute = {"lamina.internal=true", "mandatory:=lamina.internal", "x-internal:=true"})
@Version("0.2.0")
package org.lamina.bench;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
