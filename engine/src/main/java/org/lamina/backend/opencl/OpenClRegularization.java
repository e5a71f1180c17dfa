package org.lamina.backend.opencl;

import org.lamina.backend.RegularizationOps;
import org.lamina.opencl.regularize.RegularizationKernels;
import org.lamina.tensor.Tensor;

/** {@link RegularizationOps} through {@code regularization.cl}. */
final class OpenClRegularization implements RegularizationOps {
    private final OpenClBackend backend;
    private final RegularizationKernels kernels;

    OpenClRegularization(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new RegularizationKernels(backend.context());
    }

    @Override
    public void addL1(Tensor grad, Tensor w, double lambda) {
        kernels.addL1(grad.size(), backend.arg(grad), backend.arg(w), (float) lambda);
    }

    @Override
    public void maxNorm(Tensor w, double max) {
        kernels.maxNorm(w.dim(0), w.size() / w.dim(0), backend.arg(w), (float) max);
    }
}
