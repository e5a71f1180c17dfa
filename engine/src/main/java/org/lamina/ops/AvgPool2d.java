package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.geometry.PoolGeometry;
import org.lamina.geometry.PoolParams;
import org.lamina.tensor.Tensor;

/**
 * 2-D average pooling over {@code [N, C, H, W]}, as PyTorch's {@code avg_pool2d}: window
 * {@code (y, x)} sums the input values it covers and divides by its size counting the padding
 * ({@code countIncludePad}, PyTorch's default) or by the number of input values only. In ceil mode
 * the part of a window past the padded input never counts (see {@link PoolGeometry#avgRows}).
 *
 * <p>Backward spreads each output gradient over its window, divided the same way.
 */
public final class AvgPool2d {
    public static final String NAME = "avg_pool2d";

    private final PoolParams params;
    private final boolean countIncludePad;

    /** Average pooling that counts padding in the divisor (PyTorch's default). */
    public AvgPool2d(PoolParams params) {
        this(params, true);
    }

    public AvgPool2d(PoolParams params, boolean countIncludePad) {
        this.params = params;
        this.countIncludePad = countIncludePad;
    }

    public PoolParams params() {
        return params;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The validated geometry of this pooling for input {@code x}. */
    public PoolGeometry geometry(Tensor x) {
        return PoolGeometry.of(NAME, x.dims(), params);
    }

    /** The window means {@code [N, C, Ho, Wo]}. */
    public Tensor forward(Tensor x) {
        PoolGeometry g = geometry(x);
        return x.backend().pooling().avgPoolForward(x, g, countIncludePad);
    }

    /** The input gradient for upstream gradient {@code dy}. */
    public Tensor backward(Tensor x, Tensor dy) {
        PoolGeometry g = geometry(x);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, g.outputShape());
        return x.backend().pooling().avgPoolBackward(dy, g, countIncludePad);
    }

    @Override
    public String toString() {
        return NAME + "(" + params + " count_include_pad=" + countIncludePad + ")";
    }
}
