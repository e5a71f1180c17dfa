package org.lamina.backend.java;

import org.lamina.backend.LocalResponseNormOps;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.tensor.Tensor;

/** {@link LocalResponseNormOps} on the host, through {@link LocalResponseNormReference}. */
final class JavaLocalResponseNorm implements LocalResponseNormOps {
    private final JavaBackend backend;

    JavaLocalResponseNorm(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, LocalResponseNormParams p) {
        double[] y = new double[x.size()];
        LocalResponseNormReference.forward(x.dim(0), x.dim(1), plane(x), p, backend.doubles(x), y);
        return backend.fromDoubles(y, x.dims());
    }

    @Override
    public Tensor backward(Tensor x, Tensor dy, LocalResponseNormParams p) {
        double[] dx = new double[x.size()];
        LocalResponseNormReference.backward(x.dim(0), x.dim(1), plane(x), p, backend.doubles(x), backend.doubles(dy),
                dx);
        return backend.fromDoubles(dx, x.dims());
    }

    /** Values per channel: the product of the dimensions after the channel dimension. */
    static int plane(Tensor x) {
        int s = 1;
        for (int i = 2; i < x.rank(); i++) {
            s *= x.dim(i);
        }
        return s;
    }
}
