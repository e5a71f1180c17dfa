package org.lamina.backend.java;

import org.lamina.backend.LocalResponseNormOps;

/** {@link LocalResponseNormOps} on the host. */
final class JavaLocalResponseNorm implements LocalResponseNormOps {
    private final JavaBackend backend;

    JavaLocalResponseNorm(JavaBackend backend) {
        this.backend = backend;
    }
}
