package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lamina.testing.TestData.gaussianDoubles;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.lamina.backend.ActivationOps.Function;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference activations' backward rules: for
 * a random upstream gradient r and L = sum(r * f(x)), the analytic input gradient must match central
 * differences of L. Element-wise inputs stay away from the kink at 0, where there is no derivative.
 */
class ActivationGradientCheckTest {
    private static final double H = FiniteDifferences.STEP;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest
    // The visualization rules' backward is on purpose not the derivative (InspectionGradientsTest checks them).
    @EnumSource(value = Function.class, mode = EnumSource.Mode.EXCLUDE, names = {"GUIDED_RELU", "DECONVNET_RELU"})
    void elementwiseGradientsMatchFiniteDifferences(Function f) {
        for (double param : new double[] {0.1, 0.7, 1.3}) {
            Random rnd = new Random(f.ordinal() * 31L + (long) (param * 10));
            double[] x = gaussianDoubles(rnd, 200);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 3; // reach the saturated parts of sigmoid and tanh, and ELU's flat tail
                if (Math.abs(x[i]) < 1e-3) {
                    x[i] = 0.5; // away from the kink: central differences straddling 0 measure no derivative
                }
                if (Math.abs(x[i] - 6) < 1e-3) {
                    x[i] = 5.5; // and away from ReLU6's upper kink
                }
            }
            double[] r = gaussianDoubles(rnd, x.length);
            double[] y = new double[x.length];
            ActivationReference.forward(f, param, x, y);
            double[] dx = new double[x.length];
            ActivationReference.backward(f, param, f.backwardFromOutput() ? y : x, r, dx);
            FiniteDifferences.check(f + " param " + param, x, dx, () -> {
                double[] out = new double[x.length];
                ActivationReference.forward(f, param, x, out);
                return FiniteDifferences.dot(r, out);
            }, H, TOLERANCE);
        }
    }

    @Test
    void derivativesAtExactlyZeroFollowPyTorch() {
        double[] zero = {0.0}, one = {1.0}, dx = new double[1];
        ActivationReference.backward(Function.RELU, 0, zero, one, dx);
        assertEquals(0.0, dx[0]);
        ActivationReference.backward(Function.LEAKY_RELU, 0.1, zero, one, dx);
        assertEquals(0.1, dx[0]);
        ActivationReference.backward(Function.ELU, 1.5, zero, one, dx);
        assertEquals(1.5, dx[0]);
        // ReLU6 (PyTorch's hardtanh): no gradient at either end.
        ActivationReference.backward(Function.RELU6, 0, zero, one, dx);
        assertEquals(0.0, dx[0]);
        ActivationReference.backward(Function.RELU6, 0, new double[] {6.0}, one, dx);
        assertEquals(0.0, dx[0]);
        ActivationReference.backward(Function.RELU6, 0, new double[] {5.999}, one, dx);
        assertEquals(1.0, dx[0]);
    }

    @ParameterizedTest(name = "{0} shape [{1}, {2}, {3}] offset {4}")
    @CsvSource({"false, 4, 7, 1, 0", "true, 4, 7, 1, 0", "false, 2, 5, 6, 0", "true, 2, 5, 6, 0",
        "false, 3, 10, 1, 100", "true, 3, 10, 1, 100", "false, 1, 1, 3, 0", "true, 2, 3, 2, -50"})
    void softmaxGradientsMatchFiniteDifferences(boolean log, int outer, int classes, int inner, double offset) {
        Random rnd = new Random(outer * 100 + classes * 10 + inner + (log ? 1000 : 0));
        double[] x = gaussianDoubles(rnd, size(outer, classes, inner));
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * x[i] + offset; // logits in the hundreds must not matter
        }
        double[] r = gaussianDoubles(rnd, x.length);
        double[] y = new double[x.length];
        ActivationReference.softmax(outer, classes, inner, x, y, log);
        double[] dx = new double[x.length];
        ActivationReference.softmaxBackward(outer, classes, inner, y, r, dx, log);
        FiniteDifferences.check((log ? "log_softmax" : "softmax"), x, dx, () -> {
            double[] out = new double[x.length];
            ActivationReference.softmax(outer, classes, inner, x, out, log);
            return FiniteDifferences.dot(r, out);
        }, H, TOLERANCE);
    }

    @Test
    void softmaxRowsSumToOneAndStayFiniteForHugeLogits() {
        double[] x = {1000, 999, -1000, 500, 0, 0};
        double[] y = new double[6], ly = new double[6];
        ActivationReference.softmax(2, 3, 1, x, y, false);
        ActivationReference.softmax(2, 3, 1, x, ly, true);
        assertEquals(1.0, y[0] + y[1] + y[2], 1e-15);
        assertEquals(1.0, y[3] + y[4] + y[5], 1e-15);
        assertEquals(-Math.log1p(Math.exp(-1)), ly[0], 1e-12);
        assertEquals(-2000 - Math.log1p(Math.exp(-1)), ly[2], 1e-9);
    }
}
