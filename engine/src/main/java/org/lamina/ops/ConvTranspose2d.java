package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.tensor.Tensor;

/**
 * Transposed 2-D convolution (deconvolution, fractionally strided convolution): the adjoint of
 * {@link Conv2d} with the same stride, padding, dilation and groups, plus a bias. Input
 * {@code [N, C_in, H, W]}, weight {@code [C_in, C_out/groups, kH, kW]} (PyTorch's layout), output
 * {@code [N, C_out, (H-1)s - 2p + d(k-1) + output_padding + 1, ...]}.
 *
 * <p>Because it is an adjoint, its forward pass is a convolution's input gradient, its input
 * gradient is a convolution's forward pass, and its weight gradient is a convolution's weight
 * gradient with the roles of input and output gradient swapped.
 */
public final class ConvTranspose2d {
    public static final String NAME = "conv_transpose2d";

    private final ConvParams params;

    public ConvTranspose2d(ConvParams params) {
        this.params = params;
    }

    public ConvParams params() {
        return params;
    }

    /** The geometry of the convolution this op is the adjoint of (its input is this op's output). */
    public ConvGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = ConvGeometry.transposed(NAME, x.dims(), w.dims(), params);
        Tensors.requireOn(x.backend(), NAME, "weight", w);
        Tensors.requireOn(x.backend(), NAME, "bias", bias);
        if (bias != null) {
            Tensors.requireShape(NAME, "bias", bias, g.c());
        }
        return g;
    }

    /** {@code y = conv_transpose2d(x, w) + bias}; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = geometry(x, w, bias);
        return x.backend().convolution().backwardData(x, w, bias, g);
    }

    /** Gradients of the input (when {@code inputGrad}), the weight and the bias (when not null). */
    public Gradients backward(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad) {
        ConvGeometry g = geometry(x, w, bias);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.inputShape());
        var ops = x.backend().convolution();
        Tensor dx = inputGrad ? ops.forward(dy, w, null, g) : null;
        Tensor dw = ops.backwardFilter(dy, x, g);
        Tensor db = bias != null ? ops.biasGrad(dy) : null;
        return new Gradients(dx, dw, db);
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
