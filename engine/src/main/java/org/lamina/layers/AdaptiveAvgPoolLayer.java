package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.graph.Window;
import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.tensor.Tensor;

/** Adaptive average pooling to a fixed output size; 1x1 is global average pooling. */
public final class AdaptiveAvgPoolLayer implements Layer {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPoolLayer(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(AdaptiveAvgPool2d.NAME + ": output size " + outH + "x" + outW
                    + " must be at least 1x1");
        }
        this.outH = outH;
        this.outW = outW;
    }

    /** Global average pooling. */
    /** The output size, height then width. */
    public int[] outputSize() {
        return new int[] {outH, outW};
    }

    public static AdaptiveAvgPoolLayer global() {
        return new AdaptiveAvgPoolLayer(1, 1);
    }

    @Override
    public String type() {
        return outH == 1 && outW == 1 ? "global_avg_pool2d" : AdaptiveAvgPool2d.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.oneImage(inputs, type());
        return new int[] {inputs.get(0)[0], outH, outW};
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        ctx.save(inputs.get(0).dims());
        return new AdaptiveAvgPool2d(outH, outW).forward(inputs.get(0));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        if (ctx.needsInputGradient(0)) {
            AdaptivePoolGeometry g = AdaptivePoolGeometry.of(AdaptiveAvgPool2d.NAME, ctx.saved(int[].class), outH, outW);
            out.add(gradOutput.backend().pooling().adaptiveAvgPoolBackward(gradOutput, g));
        } else {
            out.add(null);
        }
        return out;
    }

    @Override
    public Window window() {
        return outH == 1 && outW == 1 ? Window.GLOBAL : Window.POINTWISE;
    }
}
