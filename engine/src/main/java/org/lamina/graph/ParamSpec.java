package org.lamina.graph;

import java.util.Arrays;

/**
 * A parameter a layer owns: its name within the layer ({@code weight}, {@code bias}), shape,
 * initializer, and whether weight decay and other regularizers apply to it (not to biases and
 * normalization parameters by default). Buffers that are state rather than learned (batch norm's
 * running statistics) are parameters with {@code trainable} false.
 */
public record ParamSpec(String name, int[] shape, Initializer init, boolean regularized, boolean trainable,
        int fanIn, int fanOut) {

    /** A learned weight, regularized. */
    public static ParamSpec weight(String name, int[] shape, Initializer init, int fanIn, int fanOut) {
        return new ParamSpec(name, shape, init, true, true, fanIn, fanOut);
    }

    /** A learned parameter that regularizers leave alone (biases, batch-norm scale and shift). */
    public static ParamSpec unregularized(String name, int[] shape, Initializer init, int fanIn, int fanOut) {
        return new ParamSpec(name, shape, init, false, true, fanIn, fanOut);
    }

    /** State kept with the parameters but not learned (running statistics). */
    public static ParamSpec state(String name, int[] shape, Initializer init) {
        return new ParamSpec(name, shape, init, false, false, 0, 0);
    }

    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
