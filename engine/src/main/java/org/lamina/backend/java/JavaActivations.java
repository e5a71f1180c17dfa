package org.lamina.backend.java;

import org.lamina.backend.ActivationOps;
import org.lamina.tensor.Tensor;

/** {@link ActivationOps} on the host, through {@link ActivationReference}. */
final class JavaActivations implements ActivationOps {
    private final JavaBackend backend;

    JavaActivations(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Function f, Tensor x, double param) {
        double[] in = backend.doubles(x);
        double[] y = new double[in.length];
        ActivationReference.forward(f, param, in, y);
        return backend.fromDoubles(y, x.dims());
    }

    @Override
    public Tensor backward(Function f, Tensor saved, Tensor dy, double param) {
        double[] s = backend.doubles(saved);
        double[] g = backend.doubles(dy);
        double[] dx = new double[s.length];
        ActivationReference.backward(f, param, s, g, dx);
        return backend.fromDoubles(dx, dy.dims());
    }

    @Override
    public Tensor softmax(Tensor x, boolean log) {
        double[] in = backend.doubles(x);
        double[] y = new double[in.length];
        int[] d = x.dims();
        ActivationReference.softmax(d[0], d[1], inner(d), in, y, log);
        return backend.fromDoubles(y, d);
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy, boolean log) {
        double[] out = backend.doubles(y);
        double[] g = backend.doubles(dy);
        double[] dx = new double[out.length];
        int[] d = y.dims();
        ActivationReference.softmaxBackward(d[0], d[1], inner(d), out, g, dx, log);
        return backend.fromDoubles(dx, d);
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
