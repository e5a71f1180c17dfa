package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/** Element-wise ReLU, {@code max(x, 0)}; its derivative at x == 0 is 0 (PyTorch's convention). Any shape. */
public final class ReLU {
    public static final String NAME = "relu";

    /** {@code y = relu(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.RELU, x, 0);
    }

    /**
     * The input gradient {@code dy} where {@code x > 0}, else 0.
     *
     * @param input the forward input
     */
    public Tensor backward(Tensor input, Tensor dy) {
        return Activations.backward(Function.RELU, input, dy, 0);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
