package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lamina.testing.TestData.gaussianDoubles;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference batch normalization's gradient
 * rules in both modes. In training the batch statistics are recomputed from the perturbed input, so
 * the check covers the path through the mean and variance; in evaluation they are the fixed running
 * statistics.
 */
class BatchNormGradientCheckTest {
    private static final double H = FiniteDifferences.STEP;
    private static final double TOLERANCE = 1e-6;
    private static final double EPS = 1e-5;

    @ParameterizedTest(name = "training {0}, affine {1}, [{2}, {3}, {4}]")
    @CsvSource({"true, true, 2, 3, 6", "true, true, 1, 2, 5", "true, false, 3, 2, 4", "true, true, 5, 1, 1",
        "true, true, 2, 2, 1", "false, true, 2, 3, 6", "false, false, 3, 2, 4", "false, true, 1, 4, 1"})
    void gradientsMatchFiniteDifferences(boolean training, boolean affine, int n, int c, int inner) {
        Random rnd = new Random(n * 1000 + c * 100 + inner + (training ? 7 : 0) + (affine ? 13 : 0));
        double[] x = gaussianDoubles(rnd, size(n, c, inner));
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * x[i] + 0.3 * (i % 5); // uneven channel means and spreads
        }
        double[] gamma = affine ? gaussianDoubles(rnd, c) : null;
        double[] beta = affine ? gaussianDoubles(rnd, c) : null;
        double[] runningMean = gaussianDoubles(rnd, c);
        double[] runningVar = new double[c];
        for (int i = 0; i < c; i++) {
            runningVar[i] = 0.5 + rnd.nextDouble();
        }
        double[] r = gaussianDoubles(rnd, x.length);

        double[] mean = new double[c], invStd = new double[c];
        stats(training, n, c, inner, x, runningMean, runningVar, mean, invStd);
        double[] dx = new double[x.length], dgamma = new double[c], dbeta = new double[c];
        BatchNormReference.backward(n, c, inner, x, r, gamma, mean, invStd, training, dx, dgamma, dbeta);

        DoubleSupplier loss = () -> {
            double[] m = new double[c], s = new double[c], y = new double[x.length];
            stats(training, n, c, inner, x, runningMean, runningVar, m, s);
            BatchNormReference.normalize(n, c, inner, x, m, s, gamma, beta, y);
            return FiniteDifferences.dot(r, y);
        };
        String what = (training ? "training" : "evaluation") + (affine ? "" : " without affine");
        FiniteDifferences.check(what + " input", x, dx, loss, H, TOLERANCE);
        if (affine) {
            FiniteDifferences.check(what + " gamma", gamma, dgamma, loss, H, TOLERANCE);
            FiniteDifferences.check(what + " beta", beta, dbeta, loss, H, TOLERANCE);
        }
    }

    private static void stats(boolean training, int n, int c, int inner, double[] x, double[] runningMean,
            double[] runningVar, double[] mean, double[] invStd) {
        if (training) {
            double[] var = new double[c];
            BatchNormReference.batchStats(n, c, inner, x, mean, var);
            BatchNormReference.inverseStd(var, EPS, invStd);
        } else {
            System.arraycopy(runningMean, 0, mean, 0, c);
            BatchNormReference.inverseStd(runningVar, EPS, invStd);
        }
    }

    @Test
    void runningStatisticsUseTheUnbiasedVariance() {
        // One channel, values 1, 2, 3, 6: mean 3, biased variance 3.5, unbiased 14/3.
        double[] x = {1, 2, 3, 6};
        double[] mean = new double[1], var = new double[1];
        BatchNormReference.batchStats(2, 1, 2, x, mean, var);
        assertEquals(3.0, mean[0], 1e-15);
        assertEquals(3.5, var[0], 1e-15);
        double[] rm = {1.0}, rv = {2.0};
        BatchNormReference.updateRunning(4, 0.1, mean, var, rm, rv);
        assertEquals(0.9 * 1.0 + 0.1 * 3.0, rm[0], 1e-15);
        assertEquals(0.9 * 2.0 + 0.1 * 14.0 / 3.0, rv[0], 1e-15);
    }
}
