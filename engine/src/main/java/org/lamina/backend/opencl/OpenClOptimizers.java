package org.lamina.backend.opencl;

import org.lamina.backend.OptimizerOps;

/** {@link OptimizerOps} through OpenCL kernels. */
final class OpenClOptimizers implements OptimizerOps {
    private final OpenClBackend backend;

    OpenClOptimizers(OpenClBackend backend) {
        this.backend = backend;
    }
}
