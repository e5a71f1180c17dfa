package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference losses' gradients (the loss is a
 * scalar, so its gradient is compared with central differences of the loss itself), and of their
 * values against the definitions written out naively.
 */
class LossGradientCheckTest {
    /** The losses are smooth (hinge: away from its kinks), so truncation error is about h^2. */
    private static final double H = FiniteDifferences.STEP;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "cross-entropy n={0} classes={1} offset={2}")
    @CsvSource({"1, 1, 0", "1, 2, 0", "4, 10, 0", "5, 7, 3", "3, 12, 100", "2, 50, -250"})
    void crossEntropyGradient(int n, int c, double offset) {
        Random rnd = new Random(n * 100 + c);
        double[] x = gaussianDoubles(rnd, n * c);
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * x[i] + offset; // logits in the hundreds when offset is
        }
        int[] y = labels(rnd, n, c);
        double[] grad = new double[x.length];
        double loss = LossReference.softmaxCrossEntropy(n, c, x, y, grad);
        assertTrue(Double.isFinite(loss), "loss " + loss);
        assertEquals(naiveCrossEntropy(n, c, x, y, offset), loss, 1e-12 * Math.max(1, loss));
        FiniteDifferences.check("cross-entropy logits", x, grad,
                () -> LossReference.softmaxCrossEntropy(n, c, x, y, null), H, TOLERANCE);
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < c; j++) {
                rowSum += grad[i * c + j];
            }
            assertEquals(0, rowSum, 1e-15, "softmax - onehot sums to zero in each row");
        }
    }

    @ParameterizedTest(name = "multi-margin n={0} classes={1} margin={2}")
    @CsvSource({"1, 2, 1", "4, 10, 1", "5, 3, 1", "3, 8, 0.5", "6, 5, 2"})
    void multiMarginGradientAwayFromKinks(int n, int c, double margin) {
        Random rnd = new Random(n * 100 + c + 7);
        double[] x;
        int[] y;
        // Draw until every hinge term is at least 1e-3 from its kink, where the loss is not differentiable.
        do {
            x = gaussianDoubles(rnd, n * c);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 2; // spread wide enough that some terms are inactive even with margin 2
            }
            y = labels(rnd, n, c);
        } while (nearKink(n, c, margin, x, y, 1e-3));
        double[] grad = new double[x.length];
        final double[] logits = x;
        final int[] labels = y;
        double loss = LossReference.multiMargin(n, c, margin, logits, labels, grad);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                if (j != y[i]) {
                    expected += Math.max(0, margin - x[i * c + y[i]] + x[i * c + j]) / c;
                }
            }
        }
        assertEquals(expected / n, loss, 1e-14);
        boolean anyActive = false, anyInactive = false;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                if (j != y[i]) {
                    anyActive |= grad[i * c + j] > 0;
                    anyInactive |= grad[i * c + j] == 0;
                }
            }
        }
        assertTrue(anyActive || c == 1, "some hinge term is active");
        FiniteDifferences.check("multi-margin logits", logits, grad,
                () -> LossReference.multiMargin(n, c, margin, logits, labels, null), H, TOLERANCE);
        if (n * c > 12) {
            assertTrue(anyInactive, "some hinge term is inactive");
        }
    }

    @Test
    void multiMarginGradientIsZeroAtAKink() {
        // x[y] - x[i] == margin exactly: the term is 0 and counts as inactive, as in PyTorch.
        double[] x = {2, 1, -5};
        double[] grad = new double[3];
        double loss = LossReference.multiMargin(1, 3, 1, x, new int[] {0}, grad);
        assertEquals(0, loss);
        assertArrayEquals(new double[] {0, 0, 0}, grad);
    }

    @ParameterizedTest(name = "mse count={0}")
    @CsvSource({"1", "6", "24", "35"})
    void mseGradients(int count) {
        Random rnd = new Random(count);
        double[] x = gaussianDoubles(rnd, count), t = gaussianDoubles(rnd, count);
        double[] gx = new double[count], gt = new double[count];
        double loss = LossReference.mse(x, t, gx, gt);
        double expected = 0;
        for (int i = 0; i < count; i++) {
            expected += (x[i] - t[i]) * (x[i] - t[i]);
        }
        assertEquals(expected / count, loss, 1e-14);
        FiniteDifferences.check("mse input", x, gx, () -> LossReference.mse(x, t, null, null), H, TOLERANCE);
        FiniteDifferences.check("mse target", t, gt, () -> LossReference.mse(x, t, null, null), H, TOLERANCE);
    }

    private static int[] labels(Random rnd, int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(c);
        }
        return y;
    }

    private static boolean nearKink(int n, int c, double margin, double[] x, int[] y, double distance) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                if (j != y[i] && Math.abs(margin - x[i * c + y[i]] + x[i * c + j]) < distance) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code -log(softmax)} with the known offset taken out first, so exp stays finite. */
    private static double naiveCrossEntropy(int n, int c, double[] x, int[] y, double offset) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < c; j++) {
                z += Math.exp(x[i * c + j] - offset);
            }
            total += -Math.log(Math.exp(x[i * c + y[i]] - offset) / z);
        }
        return total / n;
    }
}
