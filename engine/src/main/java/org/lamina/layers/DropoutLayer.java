package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.ops.Dropout;
import org.lamina.tensor.Tensor;

/**
 * Inverted dropout in training, the identity in inference. The mask is not stored: backward draws
 * it again from the node's seed for this step.
 */
public final class DropoutLayer implements Layer {
    private final Dropout op;

    public DropoutLayer(double p) {
        this.op = new Dropout(p);
    }

    /** The drop probability in training. */
    public double p() {
        return op.p();
    }

    @Override
    public String type() {
        return Dropout.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        return inputs.get(0).clone();
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return ctx.training() ? op.forward(x, ctx.seed()) : x.reshape(x.dims());
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        if (!ctx.needsInputGradient(0)) {
            out.add(null);
        } else {
            // In inference the layer is the identity, and so is its gradient.
            out.add(ctx.training() ? op.backward(gradOutput, ctx.seed()) : gradOutput.reshape(gradOutput.dims()));
        }
        return out;
    }

    @Override
    public String toString() {
        return op.toString();
    }
}
