package org.lamina.backend.opencl;

import org.lamina.backend.ElementwiseOps;

/** {@link ElementwiseOps} through OpenCL kernels. */
final class OpenClElementwise implements ElementwiseOps {
    private final OpenClBackend backend;

    OpenClElementwise(OpenClBackend backend) {
        this.backend = backend;
    }
}
