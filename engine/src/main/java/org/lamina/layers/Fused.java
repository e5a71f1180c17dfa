package org.lamina.layers;

import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.graph.Saves;
import org.lamina.graph.Window;
import org.lamina.tensor.Tensor;

/**
 * A layer followed by an activation in one node: the pre-activation is freed as soon as the
 * activation has read it, because the activation's gradient comes from its output. Halves the
 * activation memory of conv-ReLU stacks (it is how the well-known memory tables count them).
 */
public final class Fused implements Layer {
    private final Layer base;
    private final Activation activation;

    /**
     * @throws IllegalArgumentException when the activation needs its input for backward or the base
     *     layer needs its output
     */
    public Fused(Layer base, Activation activation) {
        if (!canFuse(base, activation)) {
            throw new IllegalArgumentException("cannot fuse " + activation + " into " + base.type());
        }
        this.base = base;
        this.activation = activation;
    }

    /** Whether {@code activation} can be fused after {@code base}. */
    public static boolean canFuse(Layer base, Activation activation) {
        return !(base instanceof Fused) && !base.saves().output() && activation.gradientFromOutputAlone();
    }

    public Layer base() {
        return base;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String type() {
        return base.type() + "+" + activation.name();
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        return base.outputShape(inputs);
    }

    @Override
    public List<ParamSpec> parameters(List<int[]> inputs) {
        return base.parameters(inputs);
    }

    @Override
    public Saves saves() {
        return base.saves().inputs() ? Saves.INPUTS_AND_OUTPUT : Saves.OUTPUT;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        try (Tensor z = base.forward(ctx, inputs)) {
            return activation.forward(z);
        }
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        try (Tensor dz = activation.backward(null, output, gradOutput, ctx.reluRule())) {
            return base.backward(ctx, inputs, null, dz);
        }
    }

    @Override
    public Window window() {
        return base.window();
    }

    @Override
    public String toString() {
        return base + " + " + activation;
    }
}
