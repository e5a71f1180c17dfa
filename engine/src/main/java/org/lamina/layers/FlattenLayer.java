package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/** {@code [C, H, W]} (any shape) to one vector per example, in C, H, W order; a view, nothing is copied. */
public final class FlattenLayer implements Layer {

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        int n = 1;
        for (int d : inputs.get(0)) {
            n *= d;
        }
        return new int[] {n};
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        ctx.save(x.dims());
        return x.reshape(x.dim(0), x.size() / x.dim(0));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? gradOutput.reshape(ctx.saved(int[].class)) : null);
        return out;
    }
}
