package org.lamina.ops;

import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.backend.Tensors;
import org.lamina.geometry.PoolGeometry;
import org.lamina.geometry.PoolParams;
import org.lamina.tensor.Tensor;

/**
 * 2-D max pooling over {@code [N, C, H, W]}, as PyTorch's {@code max_pool2d} with
 * {@code return_indices}: padding acts as -inf, ceil_mode as PyTorch defines it (see
 * {@link PoolGeometry}). Overlapping windows (AlexNet's 3x3 stride 2) are allowed.
 *
 * <p>Forward returns the maxima and their indices (flat {@code h*W + w} in the unpadded plane);
 * backward sends each output gradient to its window's index only, so it needs those indices.
 */
public final class MaxPool2d {
    public static final String NAME = "max_pool2d";
    /** Indices travel as float32, which holds every integer up to 2^24 exactly. */
    static final long MAX_PLANE = 1L << 24;

    private final PoolParams params;

    public MaxPool2d(PoolParams params) {
        this.params = params;
    }

    public PoolParams params() {
        return params;
    }

    /** The validated geometry of this pooling for input {@code x}. */
    public PoolGeometry geometry(Tensor x) {
        PoolGeometry g = PoolGeometry.of(NAME, x.dims(), params);
        if ((long) g.h() * g.w() > MAX_PLANE) {
            throw new IllegalArgumentException(NAME + ": the input plane " + g.h() + " x " + g.w() + " has more than "
                    + MAX_PLANE + " positions, beyond what float32 indices hold exactly");
        }
        return g;
    }

    /** The maxima {@code [N, C, Ho, Wo]} and their indices; close the result to free both. */
    public MaxPoolResult forward(Tensor x) {
        PoolGeometry g = geometry(x);
        return x.backend().pooling().maxPoolForward(x, g);
    }

    /**
     * The input gradient for upstream gradient {@code dy}, given the {@code indices} that
     * {@link #forward} returned for {@code x}.
     */
    public Tensor backward(Tensor x, Tensor indices, Tensor dy) {
        PoolGeometry g = geometry(x);
        Tensors.requireOn(x.backend(), NAME, "indices", indices);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "indices", indices, g.outputShape());
        Tensors.requireShape(NAME, "grad_output", dy, g.outputShape());
        return x.backend().pooling().maxPoolBackward(dy, indices, g);
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
