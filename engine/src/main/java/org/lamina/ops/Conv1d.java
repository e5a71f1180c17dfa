package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.Tensors;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.ConvGeometry;
import org.lamina.tensor.Tensor;

/**
 * 1-D convolution (cross-correlation, as PyTorch's {@code conv1d}): input {@code [N, C, L]}, weight
 * {@code [K, C/groups, k]}, optional bias {@code [K]}; output {@code [N, K, Lo]} with
 * {@code Lo = floor((L + 2p - d(k-1) - 1)/s) + 1}. Strided, dilated, grouped and depthwise.
 *
 * <p>It is computed as the 2-D convolution of the {@code [N, C, 1, L]} view with the
 * {@code [K, C/groups, 1, k]} view of the weight: views share the values, so nothing is copied, and
 * every 2-D algorithm (im2col + GEMM, depthwise, 1x1 GEMM) serves it with its tuning.
 */
public final class Conv1d {
    public static final String NAME = "conv1d";

    private final Conv1dParams params;

    public Conv1d(Conv1dParams params) {
        this.params = params;
    }

    public Conv1dParams params() {
        return params;
    }

    /** The validated geometry of the 2-D convolution this one is, for these tensors. */
    public ConvGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = geometry(x.dims(), w.dims());
        Conv2d.checkDevices(x, w, bias);
        if (bias != null) {
            Tensors.requireShape(NAME, "bias", bias, g.k());
        }
        return g;
    }

    /**
     * The validated geometry of the 2-D convolution of the views, for input {@code [N, C, L]} and
     * weight {@code [K, C/groups, k]}; its {@code wo()} is the output length.
     */
    public ConvGeometry geometry(int[] input, int[] weight) {
        check(input, weight, params);
        return ConvGeometry.forward(NAME, view(input), view(weight), params.asConv2d());
    }

    /** {@code y = conv1d(x, w) + bias}; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        ConvGeometry g = geometry(x, w, bias);
        try (Tensor x4 = x.reshape(view(x.dims())); Tensor w4 = w.reshape(view(w.dims()));
                Tensor y4 = x.backend().convolution().forward(x4, w4, bias, g)) {
            return y4.reshape(g.n(), g.k(), g.wo());
        }
    }

    /**
     * The gradients for upstream gradient {@code dy} ({@code [N, K, Lo]}): of the input (when
     * {@code inputGrad}), the weight, and the bias (when {@code bias} is not null).
     */
    public Gradients backward(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad) {
        ConvGeometry g = geometry(x, w, bias);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.n(), g.k(), g.wo());
        var ops = x.backend().convolution();
        try (Tensor x4 = x.reshape(view(x.dims())); Tensor w4 = w.reshape(view(w.dims()));
                Tensor dy4 = dy.reshape(g.outputShape())) {
            Tensor dx = null;
            if (inputGrad) {
                try (Tensor dx4 = ops.backwardData(dy4, w4, null, g)) {
                    dx = dx4.reshape(x.dims());
                }
            }
            Tensor dw;
            try (Tensor dw4 = ops.backwardFilter(x4, dy4, g)) {
                dw = dw4.reshape(w.dims());
            }
            Tensor db = bias != null ? ops.biasGrad(dy) : null;
            return new Gradients(dx, dw, db);
        }
    }

    /** {@code [a, b, l]} as {@code [a, b, 1, l]}. */
    private static int[] view(int[] shape) {
        return new int[] {shape[0], shape[1], 1, shape[2]};
    }

    /** The checks whose messages speak of one axis; the 2-D geometry checks the rest. */
    static void check(int[] in, int[] w, Conv1dParams p) {
        rank3(in, "input", "N, C, L");
        rank3(w, "weight", "out, in/groups, k");
        if (p.stride() < 1) {
            throw new IllegalArgumentException(NAME + ": stride must be at least 1 but is " + p.stride());
        }
        if (p.dilation() < 1) {
            throw new IllegalArgumentException(NAME + ": dilation must be at least 1 but is " + p.dilation());
        }
        if (p.padding() < 0) {
            throw new IllegalArgumentException(NAME + ": padding must not be negative but is " + p.padding());
        }
        if (p.groups() < 1) {
            throw new IllegalArgumentException(NAME + ": groups must be at least 1 but is " + p.groups());
        }
        if (in[1] % p.groups() != 0 || w[0] % p.groups() != 0) {
            throw new IllegalArgumentException(NAME + ": in_channels " + in[1] + " and out_channels " + w[0]
                    + " must both be divisible by groups " + p.groups());
        }
        if (w[1] * p.groups() != in[1]) {
            throw new IllegalArgumentException(NAME + ": weight " + Arrays.toString(w) + " expects " + w[1] * p.groups()
                    + " input channels (" + w[1] + " per group x groups " + p.groups() + ") but the input "
                    + Arrays.toString(in) + " has " + in[1]);
        }
        int lo = ConvGeometry.outSize(in[2], w[2], p.stride(), p.padding(), p.dilation());
        if (lo < 1) {
            throw new IllegalArgumentException(NAME + ": the output would be empty: input length "
                    + in[2] + " is shorter than the dilated kernel " + (p.dilation() * (w[2] - 1) + 1)
                    + " with padding " + p.padding());
        }
    }

    private static void rank3(int[] shape, String name, String dims) {
        if (shape.length != 3) {
            throw new IllegalArgumentException(NAME + ": " + name + " must have 3 dimensions (" + dims
                    + ") but has shape " + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
