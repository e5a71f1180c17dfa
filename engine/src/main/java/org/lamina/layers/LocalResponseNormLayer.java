package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.tensor.Tensor;

/** Local response normalization across channels (AlexNet). */
public final class LocalResponseNormLayer implements Layer {
    private final LocalResponseNormParams params;

    public LocalResponseNormLayer(LocalResponseNormParams params) {
        this.params = params;
    }

    public LocalResponseNormParams params() {
        return params;
    }

    @Override
    public String type() {
        return LocalResponseNorm.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.oneImage(inputs, type());
        return inputs.get(0).clone();
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        return new LocalResponseNorm(params).forward(inputs.get(0));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? new LocalResponseNorm(params).backward(inputs.get(0), gradOutput) : null);
        return out;
    }
}
