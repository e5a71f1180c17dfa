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
    @EnumSource(value = Function.class, names = {"GUIDED_RELU", "DECONVNET_RELU"}, mode = EnumSource.Mode.EXCLUDE)
    void elementwiseGradientsMatchFiniteDifferences(Function f) {
        for (double param : new double[] {0.1, 0.7, 1.3}) {
            Random rnd = new Random(f.ordinal() * 31L + (long) (param * 10));
            double[] x = gaussianDoubles(rnd, 200);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 3; // reach the saturated parts of sigmoid and tanh, and ELU's flat tail
                if (Math.abs(x[i]) < 1e-3) {
                    x[i] = 0.5; // away from the kink: central differences straddling 0 measure no derivative
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

    /**
     * The visualization rules are not derivatives, but each is one where it claims to be: guided
     * backpropagation is relu's gradient (finite differences) where the upstream gradient is positive
     * and 0 elsewhere; the deconvnet's is the identity's gradient on the positive part of the upstream
     * gradient, whatever the input. Both are relu forward.
     */
    @Test
    void theReluRulesAreTheGradientRestrictedAsTheyClaim() {
        Random rnd = new Random(15);
        double[] x = gaussianDoubles(rnd, 300);
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) < 1e-3) {
                x[i] = 0.5;
            }
        }
        double[] r = gaussianDoubles(rnd, x.length);
        double[] positive = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            positive[i] = Math.max(r[i], 0);
        }
        double[] guided = new double[x.length], deconv = new double[x.length], relu = new double[x.length];
        ActivationReference.backward(Function.GUIDED_RELU, 0, x, r, guided);
        ActivationReference.backward(Function.DECONVNET_RELU, 0, x, r, deconv);
        // guided = d/dx sum(relu(r) * relu(x)), by central differences
        FiniteDifferences.check("guided_relu", x, guided, () -> {
            double[] out = new double[x.length];
            ActivationReference.forward(Function.RELU, 0, x, out);
            return FiniteDifferences.dot(positive, out);
        }, H, TOLERANCE);
        // deconvnet = d/dx sum(relu(r) * x): the positive upstream gradient passes as if the unit were the identity
        FiniteDifferences.check("deconvnet_relu", x, deconv, () -> FiniteDifferences.dot(positive, x), H, TOLERANCE);
        ActivationReference.backward(Function.RELU, 0, x, r, relu);
        double[] yRule = new double[x.length], yRelu = new double[x.length];
        for (Function f : new Function[] {Function.GUIDED_RELU, Function.DECONVNET_RELU}) {
            ActivationReference.forward(f, 0, x, yRule);
            ActivationReference.forward(Function.RELU, 0, x, yRelu);
            org.junit.jupiter.api.Assertions.assertArrayEquals(yRelu, yRule, f + " forward is relu");
        }
        boolean differs = false;
        for (int i = 0; i < x.length; i++) {
            differs |= guided[i] != relu[i] && deconv[i] != relu[i];
        }
        org.junit.jupiter.api.Assertions.assertTrue(differs, "the rules differ from relu's gradient somewhere");
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
