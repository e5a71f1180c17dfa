package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Saves;
import org.lamina.tensor.Tensor;

/**
 * Each example's values in another shape of the same size (PyTorch's {@code view}, ONNX's
 * {@code Reshape}), in row-major order; a view, nothing is copied. {@link FlattenLayer} is the
 * common case of one vector per example.
 */
public final class ReshapeLayer implements Layer {
    public static final String NAME = "reshape";
    private final int[] shape;

    /**
     * @throws IllegalArgumentException when a dimension is below 1
     */
    public ReshapeLayer(int... shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(NAME + ": shape " + Arrays.toString(shape)
                    + " needs at least one dimension, each 1 or more");
        }
        this.shape = shape.clone();
    }

    /** The shape of one example after the layer. */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String type() {
        return NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.one(inputs, type());
        long in = 1, out = 1;
        for (int d : inputs.get(0)) {
            in *= d;
        }
        for (int d : shape) {
            out *= d;
        }
        if (in != out) {
            throw new IllegalArgumentException(NAME + " to " + Arrays.toString(shape) + " (" + out
                    + " values) cannot take " + Arrays.toString(inputs.get(0)) + " (" + in + " values)");
        }
        return shape.clone();
    }

    @Override
    public Saves saves() {
        return Saves.NOTHING;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        ctx.save(x.dims());
        int[] dims = new int[shape.length + 1];
        dims[0] = x.dim(0);
        System.arraycopy(shape, 0, dims, 1, shape.length);
        return x.reshape(dims);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        List<Tensor> out = new ArrayList<>();
        out.add(ctx.needsInputGradient(0) ? gradOutput.reshape(ctx.saved(int[].class)) : null);
        return out;
    }

    @Override
    public String toString() {
        return NAME + Arrays.toString(shape);
    }
}
