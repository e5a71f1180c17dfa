package org.lamina.backend.java;

import org.lamina.backend.ConvolutionOps;
import org.lamina.backend.Tensors;
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
        ConvReference.forward(g, backend.doubles("conv2d", "input", x), backend.doubles("conv2d", "weight", w),
                backend.doubles("conv2d", "bias", bias), y);
        return backend.fromDoubles(y, g.outputShape());
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Tensor bias, ConvGeometry g) {
        double[] dx = new double[Math.toIntExact(g.inputSize())];
        ConvReference.backwardData(g, backend.doubles("conv2d backward", "grad_output", dy),
                backend.doubles("conv2d backward", "weight", w), backend.doubles("conv2d backward", "bias", bias), dx);
        return backend.fromDoubles(dx, g.inputShape());
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, ConvGeometry g) {
        double[] dw = new double[Math.toIntExact(g.weightSize())];
        ConvReference.backwardFilter(g, backend.doubles("conv2d backward", "input", x),
                backend.doubles("conv2d backward", "grad_output", dy), dw);
        return backend.fromDoubles(dw, g.weightShape());
    }

    @Override
    public Tensor biasGrad(Tensor dy) {
        Tensors.requireOn(backend, "bias gradient", "grad_output", dy);
        int n = dy.dim(0), c = dy.dim(1), inner = dy.size() / Math.max(1, n * c);
        double[] db = new double[c];
        ConvReference.biasGrad(n, c, inner, backend.doubles("bias gradient", "grad_output", dy), db);
        return backend.fromDoubles(db, c);
    }
}
