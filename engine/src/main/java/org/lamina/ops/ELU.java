package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/**
 * Element-wise ELU: {@code x > 0 ? x : alpha * (exp(x) - 1)}. Its derivative at x == 0 is
 * {@code alpha} (PyTorch takes the {@code x <= 0} branch there). Any shape.
 */
public final class ELU {
    public static final String NAME = "elu";

    private final double alpha;

    /** PyTorch's default, alpha 1. */
    public ELU() {
        this(1.0);
    }

    /** @throws IllegalArgumentException when {@code alpha} is not a finite positive number */
    public ELU(double alpha) {
        this.alpha = Activations.parameter(Function.ELU, alpha);
    }

    public double alpha() {
        return alpha;
    }

    /** {@code y = elu(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.ELU, x, alpha);
    }

    /**
     * The input gradient: {@code dy} where {@code x > 0}, else {@code alpha * exp(x) * dy}.
     *
     * @param input the forward input
     */
    public Tensor backward(Tensor input, Tensor dy) {
        return Activations.backward(Function.ELU, input, dy, alpha);
    }

    @Override
    public String toString() {
        return NAME + "(alpha=" + alpha + ")";
    }
}
