package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.graph.Initializer;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.graph.Window;
import org.lamina.ops.Gradients;
import org.lamina.ops.Linear;
import org.lamina.tensor.Tensor;

/** A fully connected layer, {@code y = x W^T + b}, on vectors (flatten images first). */
public final class DenseLayer implements Layer {
    /** The layer's type: a graph's {@code dense} node (the op is {@link Linear}). */
    public static final String TYPE = "dense";

    private final int outFeatures;
    private final boolean bias;
    private final Initializer weightInit;
    private final Initializer biasInit;

    private DenseLayer(int outFeatures, boolean bias, Initializer weightInit, Initializer biasInit) {
        if (outFeatures < 1) {
            throw new IllegalArgumentException("dense: out_features " + outFeatures + " must be at least 1");
        }
        this.outFeatures = outFeatures;
        this.bias = bias;
        this.weightInit = weightInit;
        this.biasInit = biasInit;
    }

    /** With bias, PyTorch's default weight initialization, zero bias. */
    public static DenseLayer of(int outFeatures) {
        return new DenseLayer(outFeatures, true, Initializer.pytorchDefault(), Initializer.zeros());
    }

    public DenseLayer withBias(boolean on) {
        return new DenseLayer(outFeatures, on, weightInit, biasInit);
    }

    public DenseLayer withWeightInit(Initializer init) {
        return new DenseLayer(outFeatures, bias, init, biasInit);
    }

    public DenseLayer withBiasInit(Initializer init) {
        return new DenseLayer(outFeatures, bias, weightInit, init);
    }

    @Override
    public String type() {
        return TYPE;
    }

    private static int features(List<int[]> inputs) {
        if (inputs.size() != 1 || inputs.get(0).length != 1) {
            throw new IllegalArgumentException("dense expects one input of shape [features] (flatten images first)");
        }
        return inputs.get(0)[0];
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        features(inputs);
        return new int[] {outFeatures};
    }

    @Override
    public List<ParamSpec> parameters(List<int[]> inputs) {
        int in = features(inputs);
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.weight("weight", new int[] {outFeatures, in}, weightInit, in, outFeatures));
        if (bias) {
            specs.add(ParamSpec.unregularized("bias", new int[] {outFeatures}, biasInit, in, outFeatures));
        }
        return specs;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor w = ctx.param("weight");
        return Linear.of(w).forward(inputs.get(0), w, bias ? ctx.param("bias") : null);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        Tensor w = ctx.param("weight");
        Tensor b = bias ? ctx.param("bias") : null;
        Gradients g = Linear.of(w).backward(inputs.get(0), w, b, gradOutput, ctx.needsInputGradient(0));
        ctx.gradient("weight", g.weight());
        if (bias) {
            ctx.gradient("bias", g.bias());
        }
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        return out;
    }

    @Override
    public Window window() {
        return Window.GLOBAL;
    }

    @Override
    public String toString() {
        return "dense(" + outFeatures + (bias ? "" : ", no bias") + ")";
    }
}
