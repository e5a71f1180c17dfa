package org.lamina.train;

import java.util.List;
import org.lamina.backend.Backend;
import org.lamina.spi.Updater;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A penalty on the weights, applied to the parameters marked regularized (weights, not biases, by
 * default): L2 (weight decay), L1 and elastic net add their gradient before the optimizer step;
 * max-norm rescales each output unit's incoming weights after it.
 */
@ConsumerType
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

    /** {@code grad += lambda * sign(w)}: the gradient of {@code lambda * |w|_1}, which drives weights to zero. */
    static Regularizer l1(double lambda) {
        check("l1", lambda);
        return new Regularizer() {
            @Override
            public void beforeStep(Backend backend, List<Updater.Param> params) {
                for (Updater.Param p : params) {
                    if (p.regularized()) {
                        backend.regularization().addL1(p.gradient(), p.value(), lambda);
                    }
                }
            }

            @Override
            public String toString() {
                return "l1(" + lambda + ")";
            }
        };
    }

    /** Elastic net (Zou and Hastie, 2005): L1 and L2 together. */
    static Regularizer elasticNet(double l1, double l2) {
        Regularizer a = l1(l1), b = l2(l2);
        return new Regularizer() {
            @Override
            public void beforeStep(Backend backend, List<Updater.Param> params) {
                a.beforeStep(backend, params);
                b.beforeStep(backend, params);
            }

            @Override
            public String toString() {
                return "elastic_net(l1=" + l1 + ", l2=" + l2 + ")";
            }
        };
    }

    /**
     * Max-norm: after each update, every output unit's incoming weight vector longer than {@code max}
     * is scaled back to length {@code max}.
     */
    static Regularizer maxNorm(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("max-norm regularization: bound " + max + " must be a positive number");
        }
        return new Regularizer() {
            @Override
            public void afterStep(Backend backend, List<Updater.Param> params) {
                for (Updater.Param p : params) {
                    if (p.regularized()) {
                        backend.regularization().maxNorm(p.value(), max);
                    }
                }
            }

            @Override
            public String toString() {
                return "max_norm(" + max + ")";
            }
        };
    }

    private static void check(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " regularization: strength " + v + " must be a finite number >= 0");
        }
    }
}
