package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.backend.Tensors;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.PoolGeometry;
import org.lamina.tensor.Tensor;

/**
 * 1-D max or average pooling over {@code [N, C, L]}, as PyTorch's {@code max_pool1d} (with
 * {@code return_indices}) and {@code avg_pool1d}: padding acts as -inf for max, {@code ceil_mode} and
 * {@code count_include_pad} as PyTorch. Computed as 2-D pooling of the {@code [N, C, 1, L]} view with a
 * {@code 1 x k} window, which the 2-D kernels run without a copy.
 *
 * <p>Max pooling's indices are positions in the unpadded input row, and its backward pass needs them.
 */
public final class Pool1d {
    public static final String MAX = "max_pool1d";
    public static final String AVG = "avg_pool1d";

    private final boolean max;
    private final Pool1dParams params;
    private final boolean countIncludePad;

    private Pool1d(boolean max, Pool1dParams params, boolean countIncludePad) {
        this.max = max;
        this.params = params;
        this.countIncludePad = countIncludePad;
    }

    public static Pool1d max(Pool1dParams params) {
        return new Pool1d(true, params, true);
    }

    public static Pool1d average(Pool1dParams params, boolean countIncludePad) {
        return new Pool1d(false, params, countIncludePad);
    }

    public String name() {
        return max ? MAX : AVG;
    }

    public Pool1dParams params() {
        return params;
    }

    /** The validated 2-D geometry of the {@code [N, C, 1, L]} view of {@code x}. */
    public PoolGeometry geometry(Tensor x) {
        return geometry(x.dims());
    }

    /** As {@link #geometry(Tensor)} for an input shape. */
    public PoolGeometry geometry(int[] in) {
        String op = name();
        if (in.length != 3) {
            throw new IllegalArgumentException(op + ": input must have 3 dimensions (N, C, L) but has shape "
                    + Arrays.toString(in));
        }
        Pool1dParams p = params;
        if (p.kernel() < 1) {
            throw new IllegalArgumentException(op + ": kernel_size must be at least 1 but is " + p.kernel());
        }
        if (p.stride() < 1) {
            throw new IllegalArgumentException(op + ": stride must be at least 1 but is " + p.stride());
        }
        if (p.padding() < 0 || p.padding() > p.kernel() / 2) {
            throw new IllegalArgumentException(op + ": padding " + p.padding()
                    + " must be between 0 and half of kernel_size " + p.kernel() + " (PyTorch's rule)");
        }
        if (p.kernel() > in[2] + 2L * p.padding()) {
            throw new IllegalArgumentException(op + ": the pooling window kernel_size " + p.kernel()
                    + " is longer than the padded input " + (in[2] + 2L * p.padding()) + " (input length " + in[2]
                    + ", padding " + p.padding() + ")");
        }
        PoolGeometry g = PoolGeometry.of(op, new int[] {in[0], in[1], 1, in[2]}, p.asPool2d());
        if (max && g.w() > MaxPool2d.MAX_PLANE) {
            throw new IllegalArgumentException(op + ": the input length " + g.w() + " is more than "
                    + MaxPool2d.MAX_PLANE + " positions, beyond what float32 indices hold exactly");
        }
        return g;
    }

    /** Average pooling's output {@code [N, C, Lo]}. */
    public Tensor average(Tensor x) {
        requireKind(false);
        PoolGeometry g = geometry(x);
        try (Tensor x4 = x.reshape(g.inputShape());
                Tensor y4 = x.backend().pooling().avgPoolForward(x4, g, countIncludePad)) {
            return y4.reshape(g.n(), g.c(), g.wo());
        }
    }

    /** Max pooling's maxima and indices, both {@code [N, C, Lo]}; close the result to free both. */
    public MaxPoolResult maxima(Tensor x) {
        requireKind(true);
        PoolGeometry g = geometry(x);
        try (Tensor x4 = x.reshape(g.inputShape()); MaxPoolResult r = x.backend().pooling().maxPoolForward(x4, g)) {
            return new MaxPoolResult(r.output().reshape(g.n(), g.c(), g.wo()), r.indices().reshape(g.n(), g.c(), g.wo()));
        }
    }

    /**
     * The input gradient for upstream gradient {@code dy} ({@code [N, C, Lo]}); {@code indices} are
     * those {@link #maxima} returned for {@code x} (null for average pooling).
     */
    public Tensor backward(Tensor x, Tensor indices, Tensor dy) {
        return backward(x.dims(), indices, dy);
    }

    /** As {@link #backward(Tensor, Tensor, Tensor)} given only the input's shape. */
    public Tensor backward(int[] inputShape, Tensor indices, Tensor dy) {
        PoolGeometry g = geometry(inputShape);
        int[] out = {g.n(), g.c(), g.wo()};
        Tensors.requireShape(name(), "grad_output", dy, out);
        var pooling = dy.backend().pooling();
        Tensor dx4;
        try (Tensor dy4 = dy.reshape(g.outputShape())) {
            if (max) {
                Tensors.requireOn(dy.backend(), name(), "indices", indices);
                Tensors.requireShape(name(), "indices", indices, out);
                try (Tensor i4 = indices.reshape(g.outputShape())) {
                    dx4 = pooling.maxPoolBackward(dy4, i4, g);
                }
            } else {
                dx4 = pooling.avgPoolBackward(dy4, g, countIncludePad);
            }
        }
        try (dx4) {
            return dx4.reshape(inputShape);
        }
    }

    private void requireKind(boolean wantMax) {
        if (wantMax != max) {
            throw new IllegalStateException(name() + ": " + (wantMax ? "maxima" : "average") + " called on "
                    + (max ? "max" : "average") + " pooling");
        }
    }

    @Override
    public String toString() {
        return name() + "(" + params + (max ? "" : ", count_include_pad=" + countIncludePad) + ")";
    }
}
