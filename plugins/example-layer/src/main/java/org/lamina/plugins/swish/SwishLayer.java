package org.lamina.plugins.swish;

import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/** Swish as a node of a graph: one input, the output of the same shape, no parameters. */
public final class SwishLayer implements Layer {
    private final Swish swish;

    /** A layer computing {@code swish}; {@link SwishLayerType} makes them from options. */
    public SwishLayer(Swish swish) {
        this.swish = swish;
    }

    public Swish swish() {
        return swish;
    }

    @Override
    public String type() {
        return "swish";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException("swish: takes one input, got " + inputShapes.size());
        }
        return inputShapes.get(0).clone();
    }

    /** The backward rule recomputes the sigmoid from the input. */
    @Override
    public Saves saves() {
        return Saves.INPUTS;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        return swish.forward(inputs.get(0));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? swish.backward(inputs.get(0), gradOutput) : null);
        return out;
    }

    @Override
    public String toString() {
        return swish.toString();
    }
}
