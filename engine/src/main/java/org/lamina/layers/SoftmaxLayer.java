package org.lamina.layers;

import org.lamina.ops.LogSoftmax;
import org.lamina.ops.Softmax;
import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/** Softmax, or log-softmax, over the classes (dimension 1), stable for large logits. */
public final class SoftmaxLayer implements Layer {
    private final boolean log;

    public SoftmaxLayer(boolean log) {
        this.log = log;
    }

    /** Whether this is log-softmax. */
    public boolean isLog() {
        return log;
    }

    @Override
    public String type() {
        return log ? LogSoftmax.NAME : Softmax.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        return inputs.get(0).clone();
    }

    @Override
    public Saves saves() {
        return Saves.OUTPUT;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        return inputs.get(0).backend().activations().softmax(inputs.get(0), log);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? output.backend().activations().softmaxBackward(output, gradOutput, log)
                : null);
        return out;
    }
}
