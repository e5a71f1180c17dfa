package org.lamina.backend.opencl;

import org.lamina.backend.BatchNormOps;

/** {@link BatchNormOps} through OpenCL kernels. */
final class OpenClBatchNorm implements BatchNormOps {
    private final OpenClBackend backend;

    OpenClBatchNorm(OpenClBackend backend) {
        this.backend = backend;
    }
}
