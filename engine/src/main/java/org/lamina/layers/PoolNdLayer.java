package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.Pool3dGeometry;
import org.lamina.geometry.Pool3dParams;
import org.lamina.geometry.PoolGeometry;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.graph.Window;
import org.lamina.ops.AdaptiveAvgPool3d;
import org.lamina.ops.Pool1d;
import org.lamina.ops.Pool3d;
import org.lamina.tensor.Tensor;

/**
 * Pooling over {@code [C, L]} (max or average, 1-D) or {@code [C, D, H, W]} (max, average or adaptive
 * average, 3-D) per example. Max pooling keeps its indices for backward; the others keep the input's
 * shape only.
 */
public final class PoolNdLayer implements Layer {
    private final Pool1d pool1;
    private final Pool3d pool3;
    private final AdaptiveAvgPool3d adaptive;

    private PoolNdLayer(Pool1d pool1, Pool3d pool3, AdaptiveAvgPool3d adaptive) {
        this.pool1 = pool1;
        this.pool3 = pool3;
        this.adaptive = adaptive;
    }

    public static PoolNdLayer max1d(Pool1dParams p) {
        return new PoolNdLayer(Pool1d.max(p), null, null);
    }

    public static PoolNdLayer avg1d(Pool1dParams p, boolean countIncludePad) {
        return new PoolNdLayer(Pool1d.average(p, countIncludePad), null, null);
    }

    public static PoolNdLayer max3d(Pool3dParams p) {
        return new PoolNdLayer(null, Pool3d.max(p), null);
    }

    public static PoolNdLayer avg3d(Pool3dParams p, boolean countIncludePad) {
        return new PoolNdLayer(null, Pool3d.average(p, countIncludePad), null);
    }

    public static PoolNdLayer adaptiveAvg3d(int outD, int outH, int outW) {
        if (outD < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException(AdaptiveAvgPool3d.NAME + ": output size " + outD + "x" + outH + "x"
                    + outW + " must be at least 1x1x1");
        }
        return new PoolNdLayer(null, null, new AdaptiveAvgPool3d(outD, outH, outW));
    }

    @Override
    public String type() {
        return pool1 != null ? pool1.name() : pool3 != null ? pool3.name() : AdaptiveAvgPool3d.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        int[] in = Inputs.one(inputs, type());
        int rank = pool1 != null ? 2 : 4;
        if (in.length != rank) {
            throw new IllegalArgumentException(type() + " expects one input of shape "
                    + (pool1 != null ? "[C, L]" : "[C, D, H, W]") + ", got " + Arrays.toString(in));
        }
        int[] x = batch(in);
        if (pool1 != null) {
            PoolGeometry g = pool1.geometry(x);
            return new int[] {in[0], g.wo()};
        }
        if (pool3 != null) {
            Pool3dGeometry g = pool3.geometry(x);
            return new int[] {in[0], g.od(), g.oh(), g.ow()};
        }
        adaptive.geometry(x);
        int[] o = adaptive.outputSize();
        return new int[] {in[0], o[0], o[1], o[2]};
    }

    private static int[] batch(int[] in) {
        int[] x = new int[in.length + 1];
        x[0] = 1;
        System.arraycopy(in, 0, x, 1, in.length);
        return x;
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        if (pool1 != null && pool1.name().equals(Pool1d.MAX)) {
            MaxPoolResult r = pool1.maxima(x);
            ctx.save(new Saved(x.dims(), r.indices(), null)); // the executor drops it when no backward follows
            return r.output();
        }
        if (pool3 != null && pool3.isMax()) {
            Pool3d.MaxResult r = pool3.maxima(x);
            ctx.save(new Saved(x.dims(), r.planeIndices(), r.depthIndices()));
            return r.output();
        }
        ctx.save(x.dims());
        return pool1 != null ? pool1.average(x) : pool3 != null ? pool3.average(x) : adaptive.forward(x);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        if (!ctx.needsInputGradient(0)) {
            out.add(null);
            return out;
        }
        boolean max = pool1 != null ? pool1.name().equals(Pool1d.MAX) : pool3 != null && pool3.isMax();
        if (max) {
            Saved s = ctx.saved(Saved.class);
            out.add(pool1 != null ? pool1.backward(s.inputShape(), s.indices(), gradOutput)
                    : pool3.backward(s.inputShape(), new Pool3d.MaxResult(null, s.indices(), s.depthIndices()),
                            gradOutput));
        } else {
            int[] shape = ctx.saved(int[].class);
            out.add(pool1 != null ? pool1.backward(shape, null, gradOutput) : pool3 != null
                    ? pool3.backward(shape, null, gradOutput) : adaptive.backward(shape, gradOutput));
        }
        return out;
    }

    /** What max pooling keeps for backward: the input's shape and the indices (two stages in 3-D). */
    record Saved(int[] inputShape, Tensor indices, Tensor depthIndices) implements AutoCloseable {
        @Override
        public void close() {
            indices.close();
            if (depthIndices != null) {
                depthIndices.close();
            }
        }
    }

    /** The window in the summary's (H, W) terms, as {@link ConvNdLayer#window()}; global for a 1x1x1 adaptive output. */
    @Override
    public Window window() {
        if (pool1 != null) {
            Pool1dParams p = pool1.params();
            return Window.of(1, p.kernel(), 1, p.stride(), 1, 1, 0, p.padding());
        }
        if (pool3 != null) {
            Pool3dParams p = pool3.params();
            return Window.of(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 1, 1, p.padH(), p.padW());
        }
        int[] o = adaptive.outputSize();
        return o[0] == 1 && o[1] == 1 && o[2] == 1 ? Window.GLOBAL : Window.POINTWISE;
    }

    @Override
    public String toString() {
        return pool1 != null ? pool1.toString() : pool3 != null ? pool3.toString() : adaptive.toString();
    }
}
