package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.ops.Add;
import org.lamina.tensor.Tensor;

/** Element-wise sum of two inputs of one shape (residual connections); both get the output's gradient. */
public final class AddLayer implements Layer {

    @Override
    public String type() {
        return Add.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("add expects two inputs, got " + inputs.size());
        }
        if (!Arrays.equals(inputs.get(0), inputs.get(1))) {
            throw new IllegalArgumentException("add expects inputs of one shape, got " + Arrays.toString(inputs.get(0))
                    + " and " + Arrays.toString(inputs.get(1)));
        }
        return inputs.get(0).clone();
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        return new Add().forward(inputs.get(0), inputs.get(1));
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        // Views of the same gradient; the executor copies before it adds anything into a shared one.
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? gradOutput.reshape(gradOutput.dims()) : null);
        out.add(ctx.needsInputGradient(1) ? gradOutput.reshape(gradOutput.dims()) : null);
        return out;
    }
}
