package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/** Element-wise sigmoid, {@code 1 / (1 + exp(-x))}, computed without overflow for any x. Any shape. */
public final class Sigmoid {
    public static final String NAME = "sigmoid";

    /** {@code y = sigmoid(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.SIGMOID, x, 0);
    }

    /**
     * The input gradient {@code dy * y * (1 - y)}.
     *
     * @param output the forward output y (the derivative is a function of it)
     */
    public Tensor backward(Tensor output, Tensor dy) {
        return Activations.backward(Function.SIGMOID, output, dy, 0);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
