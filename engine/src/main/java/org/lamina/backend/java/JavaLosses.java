package org.lamina.backend.java;

import org.lamina.backend.LossOps;

/** {@link LossOps} on the host. */
final class JavaLosses implements LossOps {
    private final JavaBackend backend;

    JavaLosses(JavaBackend backend) {
        this.backend = backend;
    }
}
