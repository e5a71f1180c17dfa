package org.lamina.backend.java;

import org.lamina.backend.GramOps;
import org.lamina.tensor.Tensor;

/** {@link GramOps} on the host, through {@link GramReference}. */
final class JavaGram implements GramOps {
    private final JavaBackend backend;

    JavaGram(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        double[] g = new double[n * c * c];
        GramReference.forward(n, c, hw, backend.doubles(x), g);
        return backend.fromDoubles(g, n, c, c);
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput) {
        int n = x.dim(0), c = x.dim(1), hw = x.size() / Math.max(1, n * c);
        double[] dx = new double[x.size()];
        GramReference.backward(n, c, hw, backend.doubles(x),
                backend.doubles(gradOutput), dx);
        return backend.fromDoubles(dx, x.dims());
    }
}
