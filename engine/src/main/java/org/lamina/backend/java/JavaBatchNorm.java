package org.lamina.backend.java;

import org.lamina.backend.BatchNormOps;

/** {@link BatchNormOps} on the host. */
final class JavaBatchNorm implements BatchNormOps {
    private final JavaBackend backend;

    JavaBatchNorm(JavaBackend backend) {
        this.backend = backend;
    }
}
