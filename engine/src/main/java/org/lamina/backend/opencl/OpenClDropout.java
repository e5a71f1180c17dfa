package org.lamina.backend.opencl;

import org.lamina.backend.DropoutOps;

/** {@link DropoutOps} through OpenCL kernels. */
final class OpenClDropout implements DropoutOps {
    private final OpenClBackend backend;

    OpenClDropout(OpenClBackend backend) {
        this.backend = backend;
    }
}
