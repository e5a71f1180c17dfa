package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.tensor.Tensor;

/**
 * Element-wise leaky ReLU: {@code x > 0 ? x : slope * x}. Its derivative at x == 0 is {@code slope}
 * (PyTorch takes the {@code x <= 0} branch there). Any shape.
 */
public final class LeakyReLU {
    public static final String NAME = "leaky_relu";
    /** PyTorch's default negative slope. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;

    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    /** @throws IllegalArgumentException when {@code negativeSlope} is not a finite number of 0 or more */
    public LeakyReLU(double negativeSlope) {
        this.slope = Activations.parameter(Function.LEAKY_RELU, negativeSlope);
    }

    public double negativeSlope() {
        return slope;
    }

    /** {@code y = leaky_relu(x)}, a new tensor. */
    public Tensor forward(Tensor x) {
        return Activations.forward(Function.LEAKY_RELU, x, slope);
    }

    /**
     * The input gradient: {@code dy} where {@code x > 0}, else {@code slope * dy}.
     *
     * @param input the forward input
     */
    public Tensor backward(Tensor input, Tensor dy) {
        return Activations.backward(Function.LEAKY_RELU, input, dy, slope);
    }

    @Override
    public String toString() {
        return NAME + "(negative_slope=" + slope + ")";
    }
}
