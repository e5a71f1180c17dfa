package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/** Element-wise hyperbolic tangent. Any shape. */
public final class Tanh {
    public static final String NAME = "tanh";

    /** {@code y = tanh(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.TANH, x, 0);
    }

    /**
     * The input gradient {@code dy * (1 - y^2)}.
     *
     * @param output the forward output y (the derivative is a function of it)
     */
    public Tensor backward(Tensor output, Tensor dy) {
        return Activations.backward(Function.TANH, output, dy, 0);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
