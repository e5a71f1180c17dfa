package org.lamina.ops;

import org.lamina.backend.PoolingOps;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.backend.Tensors;
import org.lamina.geometry.Pool3dGeometry;
import org.lamina.geometry.Pool3dParams;
import org.lamina.geometry.PoolGeometry;
import org.lamina.tensor.Tensor;

/**
 * 3-D max or average pooling over {@code [N, C, D, H, W]}, as PyTorch's {@code max_pool3d} and
 * {@code avg_pool3d}: padding acts as -inf for max, {@code ceil_mode} and {@code count_include_pad}
 * as PyTorch.
 *
 * <p>Both are separable, so they run as two 2-D poolings over views, without a kernel of their own:
 * first every (H, W) plane of the {@code [N, C*D, H, W]} view, then along D in the
 * {@code [N*C, 1, D, Ho*Wo]} view of that result with a {@code kD x 1} window. The max of maxima is
 * the max, and of equal maxima the first in (d, h, w) order still wins; an average's divisor is the
 * product of the per-axis extents (PyTorch's pool size), so the two divisions give it. Backward runs
 * the two stages' backward passes in the other order. Max pooling keeps both stages' indices.
 */
public final class Pool3d {
    public static final String MAX = "max_pool3d";
    public static final String AVG = "avg_pool3d";

    private final boolean max;
    private final Pool3dParams params;
    private final boolean countIncludePad;

    private Pool3d(boolean max, Pool3dParams params, boolean countIncludePad) {
        this.max = max;
        this.params = params;
        this.countIncludePad = countIncludePad;
    }

    public static Pool3d max(Pool3dParams params) {
        return new Pool3d(true, params, true);
    }

    public static Pool3d average(Pool3dParams params, boolean countIncludePad) {
        return new Pool3d(false, params, countIncludePad);
    }

    public String name() {
        return max ? MAX : AVG;
    }

    public Pool3dParams params() {
        return params;
    }

    public boolean isMax() {
        return max;
    }

    /** The validated geometry of this pooling for an input shape. */
    public Pool3dGeometry geometry(int[] input) {
        Pool3dGeometry g = Pool3dGeometry.of(name(), input, params);
        if (max && (long) g.h() * g.w() > MaxPool2d.MAX_PLANE) {
            throw new IllegalArgumentException(name() + ": the input plane " + g.h() + " x " + g.w()
                    + " has more than " + MaxPool2d.MAX_PLANE + " positions, beyond what float32 indices hold exactly");
        }
        return g;
    }

    /**
     * The result of 3-D max pooling: the maxima {@code [N, C, Do, Ho, Wo]} and, for backward, the
     * indices of the plane stage ({@code [N, C*D, Ho, Wo]}) and of the depth stage
     * ({@code [N*C, 1, Do, Ho*Wo]}).
     */
    public record MaxResult(Tensor output, Tensor planeIndices, Tensor depthIndices) implements AutoCloseable {
        @Override
        public void close() {
            output.close();
            planeIndices.close();
            depthIndices.close();
        }
    }

    /** Max pooling; close the result to free the maxima and the indices. */
    public MaxResult maxima(Tensor x) {
        requireKind(true);
        Pool3dGeometry g = geometry(x.dims());
        PoolingOps ops = x.backend().pooling();
        PoolGeometry p = g.planes(), d = g.depth();
        try (Tensor xv = x.reshape(p.inputShape()); MaxPoolResult first = ops.maxPoolForward(xv, p);
                Tensor middle = first.output().reshape(d.inputShape());
                MaxPoolResult second = ops.maxPoolForward(middle, d)) {
            return new MaxResult(second.output().reshape(g.outputShape()), first.indices().reshape(p.outputShape()),
                    second.indices().reshape(d.outputShape()));
        }
    }

    /** Average pooling's output {@code [N, C, Do, Ho, Wo]}. */
    public Tensor average(Tensor x) {
        requireKind(false);
        Pool3dGeometry g = geometry(x.dims());
        PoolingOps ops = x.backend().pooling();
        PoolGeometry p = g.planes(), d = g.depth();
        try (Tensor xv = x.reshape(p.inputShape()); Tensor first = ops.avgPoolForward(xv, p, countIncludePad);
                Tensor middle = first.reshape(d.inputShape());
                Tensor second = ops.avgPoolForward(middle, d, countIncludePad)) {
            return second.reshape(g.outputShape());
        }
    }

    /**
     * The input gradient for upstream gradient {@code dy}; for max pooling {@code r} is what
     * {@link #maxima} returned for an input of shape {@code inputShape} (null for average pooling).
     */
    public Tensor backward(int[] inputShape, MaxResult r, Tensor dy) {
        Pool3dGeometry g = geometry(inputShape);
        Tensors.requireShape(name(), "grad_output", dy, g.outputShape());
        PoolingOps ops = dy.backend().pooling();
        PoolGeometry p = g.planes(), d = g.depth();
        if (max) {
            Tensors.requireOn(dy.backend(), name(), "indices", r.planeIndices());
            Tensors.requireOn(dy.backend(), name(), "indices", r.depthIndices());
            Tensors.requireShape(name(), "plane indices", r.planeIndices(), p.outputShape());
            Tensors.requireShape(name(), "depth indices", r.depthIndices(), d.outputShape());
        }
        try (Tensor dyv = dy.reshape(d.outputShape());
                Tensor dMiddle = max ? ops.maxPoolBackward(dyv, r.depthIndices(), d)
                        : ops.avgPoolBackward(dyv, d, countIncludePad);
                Tensor dMiddleV = dMiddle.reshape(p.outputShape());
                Tensor dx = max ? ops.maxPoolBackward(dMiddleV, r.planeIndices(), p)
                        : ops.avgPoolBackward(dMiddleV, p, countIncludePad)) {
            return dx.reshape(inputShape);
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
