package org.lamina.backend.java;

import org.lamina.backend.Convolution3dOps;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.tensor.Tensor;

/** {@link Convolution3dOps} on the host, through {@link Conv3dReference}. */
final class JavaConvolution3d implements Convolution3dOps {
    private final JavaBackend backend;

    JavaConvolution3d(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias, Conv3dGeometry g) {
        double[] y = new double[Math.toIntExact(g.outputSize())];
        Conv3dReference.forward(g, backend.doubles(x), backend.doubles(w),
                backend.doubles(bias), y);
        return backend.fromDoubles(y, g.outputShape());
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Conv3dGeometry g) {
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        Conv3dReference.backwardData(g, backend.doubles(dy),
                backend.doubles(w), dx);
        return backend.fromDoubles(dx, g.inputShape());
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, Conv3dGeometry g) {
        double[] dw = new double[Math.toIntExact(g.weightSize())];
        Conv3dReference.backwardFilter(g, backend.doubles(x),
                backend.doubles(dy), dw);
        return backend.fromDoubles(dw, g.weightShape());
    }
}
