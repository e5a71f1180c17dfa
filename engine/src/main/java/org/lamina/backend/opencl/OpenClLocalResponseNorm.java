package org.lamina.backend.opencl;

import org.lamina.backend.LocalResponseNormOps;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.opencl.lrn.LocalResponseNormKernels;
import org.lamina.tensor.Tensor;

/** {@link LocalResponseNormOps} through the kernels of {@code org.lamina.opencl.lrn}. */
final class OpenClLocalResponseNorm implements LocalResponseNormOps {
    private final OpenClBackend backend;
    private final LocalResponseNormKernels kernels;

    OpenClLocalResponseNorm(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new LocalResponseNormKernels(backend.context());
    }

    @Override
    public Tensor forward(Tensor x, LocalResponseNormParams p) {
        var bx = backend.arg(x);
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        return backend.produce(x.dims(), y -> kernels.forward(n, c, hw, p, bx, y));
    }

    @Override
    public Tensor backward(Tensor x, Tensor dy, LocalResponseNormParams p) {
        var bx = backend.arg(x);
        var bdy = backend.arg(dy);
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        // Released once the kernels are enqueued: OpenCL keeps the memory until they have run.
        try (Tensor scratch = backend.allocate(x.dims())) {
            return backend.produce(x.dims(), dx -> kernels.backward(n, c, hw, p, bx, bdy,
                    OpenClBackend.buffer(scratch), dx));
        }
    }
}
