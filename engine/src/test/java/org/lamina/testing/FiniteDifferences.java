package org.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleSupplier;
import org.lamina.gradcheck.GradientCheck;

/**
 * Central-difference gradient checks in double precision, through {@link GradientCheck} (the engine's
 * check that {@code lamina gradcheck} runs). A typical check: draw a random upstream gradient r, let
 * {@code loss = sum(r * f(params))}, compute the analytic gradients with the op's backward rule, and
 * compare each with {@code (loss(p + h) - loss(p - h)) / 2h}.
 */
public final class FiniteDifferences {
    /** Step for smooth functions: truncation error about h^2, rounding about 1e-16/h. */
    public static final double STEP = 1e-5;

    private FiniteDifferences() {
    }

    /**
     * Checks every element of {@code param} (perturbed in place and restored) against
     * {@code analytic}, to within {@code tolerance} times the largest analytic magnitude (at least 1e-3).
     */
    public static void check(String what, double[] param, double[] analytic, DoubleSupplier loss, double step,
            double tolerance) {
        assertEquals(param.length, analytic.length, what + ": gradient has the wrong length");
        double scale = 1e-3;
        for (double a : analytic) {
            scale = Math.max(scale, Math.abs(a));
        }
        for (int i = 0; i < param.length; i++) {
            double numeric = GradientCheck.centralDifference(param, i, loss, step);
            assertEquals(numeric, analytic[i], tolerance * scale,
                    what + " gradient at " + i + ": numeric " + numeric + ", analytic " + analytic[i]);
        }
    }

    /**
     * The relative-error form of the check ({@link GradientCheck#compare}): every element's
     * {@code |a - n| / max(|a|, |n|, eps)} at most {@code threshold}.
     */
    public static void checkRelative(String what, double[] param, double[] analytic, DoubleSupplier loss,
            GradientCheck.Settings settings) {
        GradientCheck.Entry e = GradientCheck.compare(what, param, analytic, loss, settings);
        if (!e.passed(settings.threshold())) {
            throw new AssertionError(what + ": relative error " + e.worstError() + " at " + e.worstIndex()
                    + " (analytic " + e.analytic() + ", numerical " + e.numeric() + ") above " + settings.threshold());
        }
    }

    /** {@code sum(r[i] * y[i])}. */
    public static double dot(double[] r, double[] y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += r[i] * y[i];
        }
        return s;
    }
}
