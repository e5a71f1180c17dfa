package org.lamina.backend.java;

import org.lamina.backend.DropoutOps;

/** {@link DropoutOps} on the host. */
final class JavaDropout implements DropoutOps {
    private final JavaBackend backend;

    JavaDropout(JavaBackend backend) {
        this.backend = backend;
    }
}
