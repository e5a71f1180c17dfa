package org.lamina.backend.java;

import org.lamina.backend.DenseOps;
import org.lamina.tensor.Tensor;

/** {@link DenseOps} on the host, through {@link DenseReference}. */
final class JavaDense implements DenseOps {
    private final JavaBackend backend;

    JavaDense(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        double[] y = new double[n * out];
        DenseReference.forward(n, in, out, backend.doubles(x), backend.doubles(w),
                backend.doubles(bias), y);
        return backend.fromDoubles(y, n, out);
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        int n = dy.dim(0), out = w.dim(0), in = w.dim(1);
        double[] dx = new double[n * in];
        DenseReference.backwardInput(n, in, out, backend.doubles(dy),
                backend.doubles(w), dx);
        return backend.fromDoubles(dx, n, in);
    }

    @Override
    public Tensor backwardWeight(Tensor x, Tensor dy) {
        int n = x.dim(0), in = x.dim(1), out = dy.dim(1);
        double[] dw = new double[out * in];
        DenseReference.backwardWeight(n, in, out, backend.doubles(x),
                backend.doubles(dy), dw);
        return backend.fromDoubles(dw, out, in);
    }

    @Override
    public Tensor backwardBias(Tensor dy) {
        int n = dy.dim(0), out = dy.dim(1);
        double[] db = new double[out];
        DenseReference.backwardBias(n, out, backend.doubles(dy), db);
        return backend.fromDoubles(db, out);
    }
}
