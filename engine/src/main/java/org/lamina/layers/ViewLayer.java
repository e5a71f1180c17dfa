package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/**
 * A layer that shows each example's values in another shape, row-major order kept: a view, nothing
 * is copied, and the gradient is the output's gradient in the input's shape.
 */
abstract class ViewLayer implements Layer {

    /** The shape of one example after the layer, for one of {@code in}; checked when the graph is built. */
    abstract int[] exampleShape(int[] in);

    @Override
    public final int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        return exampleShape(inputs.get(0));
    }

    @Override
    public final Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public final Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        int[] dims = x.dims();
        ctx.save(dims);
        int[] example = exampleShape(Arrays.copyOfRange(dims, 1, dims.length));
        int[] out = new int[example.length + 1];
        out[0] = dims[0];
        System.arraycopy(example, 0, out, 1, example.length);
        return x.reshape(out);
    }

    @Override
    public final List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? gradOutput.reshape(ctx.saved(int[].class)) : null);
        return out;
    }
}
