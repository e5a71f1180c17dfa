package org.lamina.backend.java;

import org.lamina.backend.PoolingOps;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.tensor.Tensor;

/** {@link PoolingOps} on the host, through {@link PoolingReference}. */
final class JavaPooling implements PoolingOps {
    private final JavaBackend backend;

    JavaPooling(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public MaxPoolResult maxPoolForward(Tensor x, PoolGeometry g) {
        int size = Math.toIntExact(g.outputSize());
        double[] y = new double[size];
        int[] indices = new int[size];
        PoolingReference.maxForward(g, backend.doubles(x), y, indices);
        float[] idx = new float[size];
        for (int i = 0; i < size; i++) {
            idx[i] = indices[i];
        }
        return new MaxPoolResult(backend.fromDoubles(y, g.outputShape()), backend.tensor(idx, g.outputShape()));
    }

    @Override
    public Tensor maxPoolBackward(Tensor dy, Tensor indices, PoolGeometry g) {
        double[] idx = backend.doubles(indices);
        int[] at = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            at[i] = (int) idx[i];
            if (at[i] != idx[i]) {
                throw new IllegalArgumentException("max_pool2d backward: indices[" + i + "] = " + idx[i]
                        + " is not an integer");
            }
        }
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        PoolingReference.maxBackward(g, backend.doubles(dy), at, dx);
        return backend.fromDoubles(dx, g.inputShape());
    }

    @Override
    public Tensor avgPoolForward(Tensor x, PoolGeometry g, boolean countIncludePad) {
        double[] y = new double[Math.toIntExact(g.outputSize())];
        PoolingReference.avgForward(g, countIncludePad, backend.doubles(x), y);
        return backend.fromDoubles(y, g.outputShape());
    }

    @Override
    public Tensor avgPoolBackward(Tensor dy, PoolGeometry g, boolean countIncludePad) {
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        PoolingReference.avgBackward(g, countIncludePad, backend.doubles(dy),
                dx);
        return backend.fromDoubles(dx, g.inputShape());
    }

    @Override
    public Tensor adaptiveAvgPoolForward(Tensor x, AdaptivePoolGeometry g) {
        double[] y = new double[Math.toIntExact(g.outputSize())];
        PoolingReference.adaptiveForward(g, backend.doubles(x), y);
        return backend.fromDoubles(y, g.outputShape());
    }

    @Override
    public Tensor adaptiveAvgPoolBackward(Tensor dy, AdaptivePoolGeometry g) {
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        PoolingReference.adaptiveBackward(g, backend.doubles(dy), dx);
        return backend.fromDoubles(dx, g.inputShape());
    }
}
