package org.lamina.train;

import java.util.List;
import org.lamina.backend.Backend;
import org.lamina.spi.Updater;

/**
 * A penalty on the weights, applied to the parameters marked regularized (weights, not biases, by
 * default): L2 (weight decay), L1 and elastic net add their gradient before the optimizer step;
 * max-norm rescales each output unit's incoming weights after it.
 */
public interface Regularizer {

    /** Adjusts the gradients before the update. */
    default void beforeStep(Backend backend, List<Updater.Param> params) {
    }

    /** Adjusts the parameters after the update. */
    default void afterStep(Backend backend, List<Updater.Param> params) {
    }

    /** {@code grad += lambda * w}: the gradient of {@code lambda/2 * |w|^2}. */
    static Regularizer l2(double lambda) {
        check("l2", lambda);
        return new Regularizer() {
            @Override
            public void beforeStep(Backend backend, List<Updater.Param> params) {
                for (Updater.Param p : params) {
                    if (p.regularized()) {
                        backend.elementwise().accumulate(p.gradient(), p.value(), lambda);
                    }
                }
            }

            @Override
            public String toString() {
                return "l2(" + lambda + ")";
            }
        };
    }

    private static void check(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " regularization: strength " + v + " must be a finite number >= 0");
        }
    }
}
