package org.lamina.ops;

import org.lamina.tensor.Tensor;

/** Sets every value of a tensor, in place (zeroing gradient buffers, say). */
public final class Fill {
    public static final String NAME = "fill";

    private Fill() {
    }

    /**
     * Sets every value of {@code target} to {@code value} (rounded to float32).
     *
     * @throws IllegalArgumentException when {@code value} is NaN
     */
    public static void apply(Tensor target, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(NAME + ": value NaN would poison " + target);
        }
        target.backend().elementwise().fill(target, value);
    }
}
