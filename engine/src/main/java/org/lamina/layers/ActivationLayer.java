package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/** An element-wise activation as a node of its own. */
public final class ActivationLayer implements Layer {
    private final Activation activation;

    public ActivationLayer(Activation activation) {
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String type() {
        return activation.name();
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        return inputs.get(0).clone();
    }

    @Override
    public Saves saves() {
        return activation.gradientFromOutputAlone() ? Saves.OUTPUT : Saves.INPUTS;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        return activation.forward(inputs.get(0));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? activation.backward(inputs.get(0), output, gradOutput, ctx.reluRule()) : null);
        return out;
    }

    @Override
    public String toString() {
        return activation.toString();
    }
}
