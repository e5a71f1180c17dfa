package org.lamina.backend.opencl;

import org.lamina.backend.DenseOps;

/** {@link DenseOps} through OpenCL kernels. */
final class OpenClDense implements DenseOps {
    private final OpenClBackend backend;

    OpenClDense(OpenClBackend backend) {
        this.backend = backend;
    }
}
