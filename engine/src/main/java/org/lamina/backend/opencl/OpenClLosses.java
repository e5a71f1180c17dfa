package org.lamina.backend.opencl;

import org.lamina.backend.LossOps;

/** {@link LossOps} through OpenCL kernels. */
final class OpenClLosses implements LossOps {
    private final OpenClBackend backend;

    OpenClLosses(OpenClBackend backend) {
        this.backend = backend;
    }
}
