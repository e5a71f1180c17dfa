package org.lamina.backend.java;

import org.lamina.backend.DenseOps;
import org.lamina.tensor.Tensor;

/** {@link DenseOps} of the Java float backend: each pass one {@link FloatGemm} product, in single precision. */
final class FloatDense implements DenseOps {
    private final JavaBackend backend;

    FloatDense(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        float[] y = new float[n * out], b = backend.floats(bias);
        // y [n, out] = x [n, in] w^T [in, out]
        FloatGemm.gemm(false, true, n, out, in, backend.floats(x), 0, in, backend.floats(w), 0, in, y, 0, out, false);
        if (b != null) {
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < out; o++) {
                    y[i * out + o] += b[o];
                }
            }
        }
        return backend.wrap(y, n, out);
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        int n = dy.dim(0), out = w.dim(0), in = w.dim(1);
        float[] dx = new float[n * in];
        // dx [n, in] = dy [n, out] w [out, in]
        FloatGemm.gemm(false, false, n, in, out, backend.floats(dy), 0, out, backend.floats(w), 0, in, dx, 0, in, false);
        return backend.wrap(dx, n, in);
    }

    @Override
    public Tensor backwardWeight(Tensor x, Tensor dy) {
        int n = x.dim(0), in = x.dim(1), out = dy.dim(1);
        float[] dw = new float[out * in];
        // dw [out, in] = dy^T [out, n] x [n, in]
        FloatGemm.gemm(true, false, out, in, n, backend.floats(dy), 0, out, backend.floats(x), 0, in, dw, 0, in, false);
        return backend.wrap(dw, out, in);
    }

    @Override
    public Tensor backwardBias(Tensor dy) {
        int n = dy.dim(0), out = dy.dim(1);
        float[] d = backend.floats(dy), db = new float[out];
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[i * out + o];
            }
            db[o] = (float) s;
        }
        return backend.wrap(db, out);
    }
}
