package org.lamina.backend.opencl;

import org.lamina.backend.ActivationOps;
import org.lamina.opencl.activation.ActivationKernels;
import org.lamina.tensor.Tensor;

/** {@link ActivationOps} through the kernels of {@code activations.cl}. */
final class OpenClActivations implements ActivationOps {
    private final OpenClBackend backend;
    private final ActivationKernels kernels;

    OpenClActivations(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new ActivationKernels(backend.context());
    }

    @Override
    public Tensor forward(Function f, Tensor x, double param) {
        var bx = backend.arg(x);
        return backend.produce(x.dims(), y -> kernels.forward(f.opName(), x.size(), (float) param, bx, y));
    }

    @Override
    public Tensor backward(Function f, Tensor saved, Tensor dy, double param) {
        var bs = backend.arg(saved);
        var bdy = backend.arg(dy);
        return backend.produce(dy.dims(), dx -> kernels.backward(f.opName(), dy.size(), (float) param, bs, bdy, dx));
    }

    @Override
    public Tensor softmax(Tensor x, boolean log) {
        var bx = backend.arg(x);
        int[] d = x.dims();
        return backend.produce(d, y -> kernels.softmaxForward(log, d[0], d[1], inner(d), bx, y));
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy, boolean log) {
        var by = backend.arg(y);
        var bdy = backend.arg(dy);
        int[] d = y.dims();
        return backend.produce(d, dx -> kernels.softmaxBackward(log, d[0], d[1], inner(d), by, bdy, dx));
    }

    /** The product of the dimensions after the first two. */
    static int inner(int[] dims) {
        int inner = 1;
        for (int i = 2; i < dims.length; i++) {
            inner *= dims[i];
        }
        return inner;
    }
}
