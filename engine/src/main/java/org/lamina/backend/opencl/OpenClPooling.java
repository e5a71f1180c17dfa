package org.lamina.backend.opencl;

import org.lamina.backend.PoolingOps;

/** {@link PoolingOps} through OpenCL kernels. */
final class OpenClPooling implements PoolingOps {
    private final OpenClBackend backend;

    OpenClPooling(OpenClBackend backend) {
        this.backend = backend;
    }
}
