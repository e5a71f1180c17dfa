package org.lamina.ops;

import org.lamina.backend.Backend;
import org.lamina.backend.Tensors;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as PyTorch): input {@code [N, C, H, W]}, weight
 * {@code [K, C/groups, kH, kW]}, optional bias {@code [K]}; output {@code [N, K, Ho, Wo]} with
 * {@code Ho = floor((H + 2p - d(k-1) - 1)/s) + 1}. Standard, strided, dilated, grouped, depthwise
 * and 1x1 convolutions are all this op; the backend picks the kernel.
 *
 * <p>Backward: the input gradient is the transposed convolution of the output gradient, the weight
 * gradient correlates input and output gradient, the bias gradient sums the output gradient.
 */
public final class Conv2d {
    public static final String NAME = "conv2d";

    private final ConvParams params;

    public Conv2d(ConvParams params) {
        this.params = params;
    }

    public ConvParams params() {
        return params;
    }

    /** The validated geometry of this convolution for these tensors. */
    public ConvGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = ConvGeometry.forward(NAME, x.dims(), w.dims(), params);
        checkDevices(x, w, bias);
        if (bias != null) {
            Tensors.requireShape(NAME, "bias", bias, g.k());
        }
        return g;
    }

    /** {@code y = conv2d(x, w) + bias}; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = geometry(x, w, bias);
        return x.backend().convolution().forward(x, w, bias, g);
    }

    /**
     * The gradients for upstream gradient {@code dy}: of the input (when {@code inputGrad}), the
     * weight, and the bias (when {@code bias} is not null).
     */
    public Gradients backward(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad) {
        ConvGeometry g = geometry(x, w, bias);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.outputShape());
        var ops = x.backend().convolution();
        Tensor dx = inputGrad ? ops.backwardData(dy, w, null, g) : null;
        Tensor dw = ops.backwardFilter(x, dy, g);
        Tensor db = bias != null ? ops.biasGrad(dy) : null;
        return new Gradients(dx, dw, db);
    }

    static void checkDevices(Tensor x, Tensor w, Tensor bias) {
        Backend b = x.backend();
        Tensors.requireOn(b, NAME, "weight", w);
        Tensors.requireOn(b, NAME, "bias", bias);
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
