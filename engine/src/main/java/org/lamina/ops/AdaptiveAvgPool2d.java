package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.tensor.Tensor;

/**
 * 2-D adaptive average pooling over {@code [N, C, H, W]} to a fixed output size, as PyTorch's
 * {@code adaptive_avg_pool2d}: output cell {@code i} averages input rows {@code floor(i*H/out)} to
 * {@code ceil((i+1)*H/out) - 1}, the same for columns. {@link #global()} (a 1x1 output) is global
 * average pooling.
 *
 * <p>Backward spreads each output gradient evenly over its cell.
 */
public final class AdaptiveAvgPool2d {
    public static final String NAME = "adaptive_avg_pool2d";

    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    /** A square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** Global average pooling: the mean of each channel's plane, output {@code [N, C, 1, 1]}. */
    public static AdaptiveAvgPool2d global() {
        return new AdaptiveAvgPool2d(1, 1);
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    /** The validated geometry of this pooling for input {@code x}. */
    public AdaptivePoolGeometry geometry(Tensor x) {
        return AdaptivePoolGeometry.of(NAME, x.dims(), outH, outW);
    }

    /** The cell means {@code [N, C, outH, outW]}. */
    public Tensor forward(Tensor x) {
        AdaptivePoolGeometry g = geometry(x);
        return x.backend().pooling().adaptiveAvgPoolForward(x, g);
    }

    /** The input gradient for upstream gradient {@code dy}. */
    public Tensor backward(Tensor x, Tensor dy) {
        AdaptivePoolGeometry g = geometry(x);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.outputShape());
        return x.backend().pooling().adaptiveAvgPoolBackward(dy, g);
    }

    @Override
    public String toString() {
        return NAME + "(output_size=(" + outH + ", " + outW + "))";
    }
}
