package org.lamina.backend.java;

import org.lamina.backend.PoolingOps;

/** {@link PoolingOps} on the host. */
final class JavaPooling implements PoolingOps {
    private final JavaBackend backend;

    JavaPooling(JavaBackend backend) {
        this.backend = backend;
    }
}
