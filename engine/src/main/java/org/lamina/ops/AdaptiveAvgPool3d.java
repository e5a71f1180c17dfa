package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.PoolingOps;
import org.lamina.backend.Tensors;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.tensor.Tensor;

/**
 * 3-D adaptive average pooling over {@code [N, C, D, H, W]} to a fixed output size, as PyTorch's
 * {@code adaptive_avg_pool3d}: output cell {@code i} along an axis averages input positions
 * {@code floor(i*in/out)} to {@code ceil((i+1)*in/out) - 1}. {@link #global()} is global average
 * pooling of each channel's volume.
 *
 * <p>Separable like {@link Pool3d}: 2-D adaptive pooling of the {@code [N, C*D, H, W]} view to
 * {@code outH x outW}, then of the {@code [N*C, 1, D, outH*outW]} view to {@code outD x outH*outW}
 * (whose columns are then single cells); backward in the other order.
 */
public final class AdaptiveAvgPool3d {
    public static final String NAME = "adaptive_avg_pool3d";

    private final int outD;
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool3d(int outD, int outH, int outW) {
        this.outD = outD;
        this.outH = outH;
        this.outW = outW;
    }

    /** Global average pooling: output {@code [N, C, 1, 1, 1]}. */
    public static AdaptiveAvgPool3d global() {
        return new AdaptiveAvgPool3d(1, 1, 1);
    }

    public int[] outputSize() {
        return new int[] {outD, outH, outW};
    }

    /** The two stages' validated geometries for an input shape: the planes, then the depth. */
    public AdaptivePoolGeometry[] geometry(int[] in) {
        if (in.length != 5) {
            throw new IllegalArgumentException(NAME + ": input must have 5 dimensions (N, C, D, H, W) but has shape "
                    + Arrays.toString(in));
        }
        if (outD < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException(NAME + ": output_size must be at least 1 but is (" + outD + ", " + outH
                    + ", " + outW + ")");
        }
        AdaptivePoolGeometry planes = AdaptivePoolGeometry.of(NAME, new int[] {in[0], in[1] * in[2], in[3], in[4]},
                outH, outW);
        AdaptivePoolGeometry depth = AdaptivePoolGeometry.of(NAME, new int[] {in[0] * in[1], 1, in[2], outH * outW},
                outD, outH * outW);
        return new AdaptivePoolGeometry[] {planes, depth};
    }

    /** The cell means {@code [N, C, outD, outH, outW]}. */
    public Tensor forward(Tensor x) {
        int[] in = x.dims();
        AdaptivePoolGeometry[] g = geometry(in);
        PoolingOps ops = x.backend().pooling();
        try (Tensor xv = x.reshape(g[0].inputShape()); Tensor first = ops.adaptiveAvgPoolForward(xv, g[0]);
                Tensor middle = first.reshape(g[1].inputShape()); Tensor second = ops.adaptiveAvgPoolForward(middle, g[1])) {
            return second.reshape(in[0], in[1], outD, outH, outW);
        }
    }

    /** The input gradient for upstream gradient {@code dy}, for an input of shape {@code in}. */
    public Tensor backward(int[] in, Tensor dy) {
        AdaptivePoolGeometry[] g = geometry(in);
        Tensors.requireShape(NAME, "grad_output", dy, in[0], in[1], outD, outH, outW);
        PoolingOps ops = dy.backend().pooling();
        try (Tensor dyv = dy.reshape(g[1].outputShape()); Tensor dMiddle = ops.adaptiveAvgPoolBackward(dyv, g[1]);
                Tensor dMiddleV = dMiddle.reshape(g[0].outputShape());
                Tensor dx = ops.adaptiveAvgPoolBackward(dMiddleV, g[0])) {
            return dx.reshape(in);
        }
    }

    @Override
    public String toString() {
        return NAME + "(output_size=(" + outD + ", " + outH + ", " + outW + "))";
    }
}
