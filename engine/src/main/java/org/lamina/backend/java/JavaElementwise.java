package org.lamina.backend.java;

import org.lamina.backend.ElementwiseOps;

/** {@link ElementwiseOps} on the host. */
final class JavaElementwise implements ElementwiseOps {
    private final JavaBackend backend;

    JavaElementwise(JavaBackend backend) {
        this.backend = backend;
    }
}
