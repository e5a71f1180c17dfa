package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/**
 * ReLU forward with the deconvnet's backward (Zeiler and Fergus 2014): the gradient itself goes
 * through a ReLU, {@code dx = relu(dy)}, whatever the forward input was. Not a derivative: it
 * reconstructs the input patterns a unit responds to. Any shape.
 */
public final class DeconvnetReLU {
    public static final String NAME = "deconvnet_relu";

    /** {@code y = relu(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.DECONVNET_RELU, x, 0);
    }

    /**
     * {@code relu(dy)}.
     *
     * @param input the forward input: only its shape and backend matter
     */
    public Tensor backward(Tensor input, Tensor dy) {
        return Activations.backward(Function.DECONVNET_RELU, input, dy, 0);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
