package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.PoolGeometry;
import org.lamina.geometry.PoolParams;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.graph.Window;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.MaxPool2d;
import org.lamina.tensor.Tensor;

/**
 * Max or average pooling. Backward needs no activation: max pooling keeps only the indices of
 * its maxima, average pooling only the input's shape.
 */
public final class PoolLayer implements Layer {
    private final boolean max;
    private final PoolParams params;
    private final boolean countIncludePad;

    private PoolLayer(boolean max, PoolParams params, boolean countIncludePad) {
        this.max = max;
        this.params = params;
        this.countIncludePad = countIncludePad;
    }

    /** Max pooling; stride defaults to the kernel. */
    public static PoolLayer max(PoolParams p) {
        return new PoolLayer(true, p, true);
    }

    /** Average pooling; padding counts in the divisor by default, as in PyTorch. */
    public static PoolLayer average(PoolParams p) {
        return new PoolLayer(false, p, true);
    }

    public PoolParams params() {
        return params;
    }

    /** Whether this is max pooling (else average pooling). */
    public boolean isMax() {
        return max;
    }

    /** Whether padding counts in the divisor of average pooling. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    public PoolLayer withParams(PoolParams p) {
        return new PoolLayer(max, p, countIncludePad);
    }

    public PoolLayer withCountIncludePad(boolean on) {
        return new PoolLayer(max, params, on);
    }

    @Override
    public String type() {
        return max ? MaxPool2d.NAME : AvgPool2d.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        int[] in = Inputs.oneImage(inputs, type());
        PoolGeometry g = PoolGeometry.of(type(), new int[] {1, in[0], in[1], in[2]}, params);
        return new int[] {in[0], g.ho(), g.wo()};
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        if (!max) {
            ctx.save(x.dims());
            return new AvgPool2d(params, countIncludePad).forward(x);
        }
        MaxPoolResult r = new MaxPool2d(params).forward(x);
        ctx.save(new Saved(x.dims(), r.indices())); // the executor drops it when no backward follows
        return r.output();
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        if (!ctx.needsInputGradient(0)) {
            out.add(null);
            return out;
        }
        if (max) {
            Saved s = ctx.saved(Saved.class);
            PoolGeometry g = PoolGeometry.of(type(), s.inputShape(), params);
            out.add(gradOutput.backend().pooling().maxPoolBackward(gradOutput, s.indices(), g));
        } else {
            PoolGeometry g = PoolGeometry.of(type(), ctx.saved(int[].class), params);
            out.add(gradOutput.backend().pooling().avgPoolBackward(gradOutput, g, countIncludePad));
        }
        return out;
    }

    /** What max pooling keeps for backward. */
    record Saved(int[] inputShape, Tensor indices) implements AutoCloseable {
        @Override
        public void close() {
            indices.close();
        }
    }

    @Override
    public Window window() {
        return Window.of(params.kernelH(), params.kernelW(), params.strideH(), params.strideW(), 1, 1, params.padH(),
                params.padW());
    }

    @Override
    public String toString() {
        return type() + "(" + params + (max ? "" : ", count_include_pad=" + countIncludePad) + ")";
    }
}
