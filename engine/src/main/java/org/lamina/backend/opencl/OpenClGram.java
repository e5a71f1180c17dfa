package org.lamina.backend.opencl;

import org.lamina.backend.GramOps;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gram.GramKernels;
import org.lamina.tensor.Tensor;

/** {@link GramOps} through {@link GramKernels} (batched products on the GEMM kernel). */
final class OpenClGram implements GramOps {
    private final OpenClBackend backend;
    private final GramKernels kernels;

    OpenClGram(OpenClBackend backend) {
        this.backend = backend;
        var context = backend.context();
        this.kernels = new GramKernels(context, new GemmKernels(context));
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        var bx = backend.arg(x);
        if (n == 0) {
            return backend.zeros(0, c, c);
        }
        return backend.produce(new int[] {n, c, c}, g -> kernels.forward(n, c, hw, bx, g));
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput) {
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        var bx = backend.arg(x);
        var bdg = backend.arg(gradOutput);
        if (n == 0) {
            return backend.zeros(x.dims());
        }
        try (Tensor scratch = backend.allocate(n, c, c)) { // overwritten whole by the kernel
            var bs = OpenClBackend.buffer(scratch);
            return backend.produce(x.dims(), dx -> kernels.backward(n, c, hw, bx, bdg, bs, dx));
        }
    }
}
