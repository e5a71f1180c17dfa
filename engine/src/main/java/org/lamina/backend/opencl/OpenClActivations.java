package org.lamina.backend.opencl;

import org.lamina.backend.ActivationOps;

/** {@link ActivationOps} through OpenCL kernels. */
final class OpenClActivations implements ActivationOps {
    private final OpenClBackend backend;

    OpenClActivations(OpenClBackend backend) {
        this.backend = backend;
    }
}
