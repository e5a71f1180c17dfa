package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.geometry.Conv3dParams;
import org.lamina.tensor.Tensor;

/**
 * 3-D convolution (cross-correlation, as PyTorch's {@code conv3d}): input {@code [N, C, D, H, W]},
 * weight {@code [K, C/groups, kD, kH, kW]}, optional bias {@code [K]}; output
 * {@code [N, K, Do, Ho, Wo]}, each axis sized as {@code floor((in + 2p - d(k-1) - 1)/s) + 1}. Strided,
 * padded, dilated and grouped per axis (a {@code 3x1x1} kernel convolves along time only).
 *
 * <p>Backward: the input gradient is the adjoint of the forward pass applied to the output gradient,
 * the weight gradient correlates input and output gradient, the bias gradient sums the output gradient.
 */
public final class Conv3d {
    public static final String NAME = "conv3d";

    private final Conv3dParams params;

    public Conv3d(Conv3dParams params) {
        this.params = params;
    }

    public Conv3dParams params() {
        return params;
    }

    /** The validated geometry of this convolution for these tensors. */
    public Conv3dGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        Conv3dGeometry g = Conv3dGeometry.of(NAME, x.dims(), w.dims(), params);
        Tensors.requireOn(x.backend(), NAME, "weight", w);
        Tensors.requireOn(x.backend(), NAME, "bias", bias);
        if (bias != null) {
            Tensors.requireShape(NAME, "bias", bias, g.k());
        }
        return g;
    }

    /** {@code y = conv3d(x, w) + bias}; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        Conv3dGeometry g = geometry(x, w, bias);
        return x.backend().convolution3d().forward(x, w, bias, g);
    }

    /**
     * The gradients for upstream gradient {@code dy}: of the input (when {@code inputGrad}), the
     * weight, and the bias (when {@code bias} is not null).
     */
    public Gradients backward(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad) {
        Conv3dGeometry g = geometry(x, w, bias);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.outputShape());
        var ops = x.backend().convolution3d();
        Tensor dx = inputGrad ? ops.backwardData(dy, w, g) : null;
        Tensor dw = ops.backwardFilter(x, dy, g);
        Tensor db = bias != null ? x.backend().convolution().biasGrad(dy) : null;
        return new Gradients(dx, dw, db);
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
