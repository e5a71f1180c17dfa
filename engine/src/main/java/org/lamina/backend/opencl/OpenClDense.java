package org.lamina.backend.opencl;

import org.lamina.backend.DenseOps;
import org.lamina.opencl.dense.DenseKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.tensor.Tensor;

/** {@link DenseOps} through {@link DenseKernels} (the GEMM kernel in three transpositions). */
final class OpenClDense implements DenseOps {
    private final OpenClBackend backend;
    private final DenseKernels kernels;

    OpenClDense(OpenClBackend backend) {
        this.backend = backend;
        var context = backend.context();
        // The GEMM tuning from the device's tuned file (lamina tune) or the tuning database.
        this.kernels = new DenseKernels(context, new GemmKernels(context));
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        var bx = backend.arg(x);
        var bw = backend.arg(w);
        var bb = backend.arg(bias);
        if (n == 0) {
            return backend.zeros(0, out); // an empty batch: no product to launch
        }
        return backend.produce(new int[] {n, out}, y -> kernels.forward(n, in, out, bx, bw, bb, y));
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        int n = dy.dim(0), out = w.dim(0), in = w.dim(1);
        var bdy = backend.arg(dy);
        var bw = backend.arg(w);
        if (n == 0) {
            return backend.zeros(0, in);
        }
        return backend.produce(new int[] {n, in}, dx -> kernels.backwardInput(n, in, out, bdy, bw, dx));
    }

    @Override
    public Tensor backwardWeight(Tensor x, Tensor dy) {
        int n = x.dim(0), in = x.dim(1), out = dy.dim(1);
        var bx = backend.arg(x);
        var bdy = backend.arg(dy);
        if (n == 0) {
            return backend.zeros(out, in); // a sum over no samples
        }
        return backend.produce(new int[] {out, in}, dw -> kernels.backwardWeight(n, in, out, bx, bdy, dw, false));
    }

    @Override
    public Tensor backwardBias(Tensor dy) {
        int n = dy.dim(0), out = dy.dim(1);
        var bdy = backend.arg(dy);
        return backend.produce(new int[] {out}, db -> kernels.biasGrad(n, out, bdy, db));
    }
}
