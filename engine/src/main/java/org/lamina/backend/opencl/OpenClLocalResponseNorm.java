package org.lamina.backend.opencl;

import org.lamina.backend.LocalResponseNormOps;

/** {@link LocalResponseNormOps} through OpenCL kernels. */
final class OpenClLocalResponseNorm implements LocalResponseNormOps {
    private final OpenClBackend backend;

    OpenClLocalResponseNorm(OpenClBackend backend) {
        this.backend = backend;
    }
}
