package org.lamina.backend.java;

import org.lamina.backend.DenseOps;

/** {@link DenseOps} on the host. */
final class JavaDense implements DenseOps {
    private final JavaBackend backend;

    JavaDense(JavaBackend backend) {
        this.backend = backend;
    }
}
