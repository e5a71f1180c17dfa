package org.lamina.layers;

import java.util.Arrays;

/**
 * Each example's values in another shape of the same size (PyTorch's {@code view}, ONNX's
 * {@code Reshape}), in row-major order; a view, nothing is copied. {@link FlattenLayer} is the
 * common case of one vector per example.
 */
public final class ReshapeLayer extends ViewLayer {
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
    int[] exampleShape(int[] in) {
        long values = 1, out = 1;
        for (int d : in) {
            values *= d;
        }
        for (int d : shape) {
            out *= d;
        }
        if (values != out) {
            throw new IllegalArgumentException(NAME + " to " + Arrays.toString(shape) + " (" + out
                    + " values) cannot take " + Arrays.toString(in) + " (" + values + " values)");
        }
        return shape.clone();
    }

    @Override
    public String toString() {
        return NAME + Arrays.toString(shape);
    }
}
