package org.lamina.backend.java;

import org.lamina.backend.RegularizationOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/** {@link RegularizationOps} on the host. */
final class JavaRegularization implements RegularizationOps {
    private final JavaBackend backend;

    JavaRegularization(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public void addL1(Tensor grad, Tensor w, double lambda) {
        Tensors.requireOn(backend, grad);
        Tensors.requireOn(backend, w);
        float[] g = backend.data(grad), v = backend.data(w);
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (g[i] + lambda * Math.signum(v[i]));
        }
    }

    @Override
    public void maxNorm(Tensor w, double max) {
        Tensors.requireOn(backend, w);
        float[] v = backend.data(w);
        int rows = w.dim(0), cols = v.length / rows;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += (double) v[r * cols + j] * v[r * cols + j];
            }
            double norm = Math.sqrt(s);
            if (norm > max) {
                for (int j = 0; j < cols; j++) {
                    v[r * cols + j] = (float) (v[r * cols + j] * (max / norm));
                }
            }
        }
    }
}
