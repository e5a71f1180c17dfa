package org.lamina.ops;

import org.lamina.tensor.Tensor;

/** Multiplication by a scalar, {@code y = factor * x}: as a new tensor or in place. */
public final class Scale {
    public static final String NAME = "scale";

    private final double factor;

    /** @throws IllegalArgumentException when {@code factor} is not finite */
    public Scale(double factor) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException(NAME + ": factor " + factor + " is not a finite number");
        }
        this.factor = factor;
    }

    public double factor() {
        return factor;
    }

    /** {@code factor * x}, a new tensor. */
    public Tensor forward(Tensor x) {
        return x.backend().elementwise().scale(x, factor);
    }

    /** {@code x *= factor} in place. */
    public void forwardInPlace(Tensor x) {
        x.backend().elementwise().scaleInPlace(x, factor);
    }

    /** The input gradient {@code factor * dy}, a new tensor. */
    public Tensor backward(Tensor dy) {
        return dy.backend().elementwise().scale(dy, factor);
    }

    @Override
    public String toString() {
        return NAME + "(" + factor + ")";
    }
}
