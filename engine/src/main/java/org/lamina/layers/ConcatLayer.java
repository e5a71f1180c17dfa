package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.ops.Concat;
import org.lamina.tensor.Tensor;

/** Concatenation along channels (Inception); backward splits the gradient back. */
public final class ConcatLayer implements Layer {

    @Override
    public String type() {
        return Concat.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("concat expects at least two inputs, got " + inputs.size());
        }
        int[] first = inputs.get(0);
        int channels = 0;
        for (int[] s : inputs) {
            if (s.length != first.length || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length),
                    Arrays.copyOfRange(first, 1, first.length))) {
                throw new IllegalArgumentException("concat expects inputs that differ only in channels, got "
                        + inputs.stream().map(Arrays::toString).toList());
            }
            channels += s[0];
        }
        int[] out = first.clone();
        out[0] = channels;
        return out;
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        int[] channels = new int[inputs.size()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = inputs.get(i).dim(1);
        }
        ctx.save(channels);
        return new Concat().forward(inputs);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> parts = new Concat().backward(gradOutput, ctx.saved(int[].class));
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (ctx.needsInputGradient(i)) {
                out.add(parts.get(i));
            } else {
                parts.get(i).close();
                out.add(null);
            }
        }
        return out;
    }
}
