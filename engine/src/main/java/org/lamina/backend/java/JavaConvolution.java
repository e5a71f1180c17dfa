package org.lamina.backend.java;

import org.lamina.backend.ConvolutionOps;
import org.lamina.geometry.ConvGeometry;
import org.lamina.tensor.Tensor;

/** {@link ConvolutionOps} on the host, through {@link ConvReference}. */
final class JavaConvolution implements ConvolutionOps {
    private final JavaBackend backend;

    JavaConvolution(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        double[] y = new double[Math.toIntExact(g.outputSize())];
        ConvReference.forward(g, backend.doubles(x), backend.doubles(w),
                backend.doubles(bias), y);
        return backend.fromDoubles(y, g.outputShape());
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Tensor bias, ConvGeometry g) {
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        ConvReference.backwardData(g, backend.doubles(dy),
                backend.doubles(w), backend.doubles(bias), dx);
        return backend.fromDoubles(dx, g.inputShape());
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, ConvGeometry g) {
        double[] dw = new double[Math.toIntExact(g.weightSize())];
        ConvReference.backwardFilter(g, backend.doubles(x),
                backend.doubles(dy), dw);
        return backend.fromDoubles(dw, g.weightShape());
    }

    @Override
    public Tensor biasGrad(Tensor dy) {
        int n = dy.dim(0), c = dy.dim(1), inner = dy.size() / Math.max(1, n * c);
        double[] db = new double[c];
        ConvReference.biasGrad(n, c, inner, backend.doubles(dy), db);
        return backend.fromDoubles(db, c);
    }
}
