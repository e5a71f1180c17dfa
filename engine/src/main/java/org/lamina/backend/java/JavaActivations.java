package org.lamina.backend.java;

import org.lamina.backend.ActivationOps;

/** {@link ActivationOps} on the host. */
final class JavaActivations implements ActivationOps {
    private final JavaBackend backend;

    JavaActivations(JavaBackend backend) {
        this.backend = backend;
    }
}
