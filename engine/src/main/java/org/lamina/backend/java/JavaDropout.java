package org.lamina.backend.java;

import org.lamina.backend.DropoutOps;
import org.lamina.tensor.Tensor;

/** {@link DropoutOps} on the host, through {@link DropoutReference}. */
final class JavaDropout implements DropoutOps {
    private final JavaBackend backend;

    JavaDropout(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, double p, long seed) {
        return apply(x, p, seed);
    }

    @Override
    public Tensor backward(Tensor dy, double p, long seed) {
        return apply(dy, p, seed);
    }

    @Override
    public Tensor mask(int[] shape, double p, long seed) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        return backend.fromDoubles(DropoutReference.mask(count, p, seed), shape);
    }

    private Tensor apply(Tensor x, double p, long seed) {
        double[] v = backend.doubles(x);
        DropoutReference.apply(DropoutReference.mask(v.length, p, seed), v, v);
        return backend.fromDoubles(v, x.dims());
    }
}
