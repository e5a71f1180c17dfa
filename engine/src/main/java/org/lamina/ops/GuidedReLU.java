package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/**
 * ReLU forward with guided backpropagation's backward (Springenberg et al. 2015): a gradient passes
 * only where both the input and the gradient are positive, {@code dx = dy * [x > 0] * [dy > 0]}. Not
 * a derivative: it shows which input patterns excite a unit. Any shape.
 */
public final class GuidedReLU {
    public static final String NAME = "guided_relu";

    /** {@code y = relu(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.GUIDED_RELU, x, 0);
    }

    /**
     * {@code dy} where {@code x > 0} and {@code dy > 0}, else 0.
     *
     * @param input the forward input (or output: their signs agree)
     */
    public Tensor backward(Tensor input, Tensor dy) {
        return Activations.backward(Function.GUIDED_RELU, input, dy, 0);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
