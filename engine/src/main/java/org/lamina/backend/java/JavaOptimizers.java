package org.lamina.backend.java;

import org.lamina.backend.OptimizerOps;

/** {@link OptimizerOps} on the host. */
final class JavaOptimizers implements OptimizerOps {
    private final JavaBackend backend;

    JavaOptimizers(JavaBackend backend) {
        this.backend = backend;
    }
}
