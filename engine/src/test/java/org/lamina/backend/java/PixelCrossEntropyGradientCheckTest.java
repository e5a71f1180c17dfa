package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.gradcheck.GradientCheck;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.PixelLabels;
import org.lamina.tensor.Tensor;
import org.lamina.testing.FiniteDifferences;
import org.lamina.testing.TestBackends;

/**
 * The per-pixel cross-entropy's reference: its gradient against central differences
 * ({@link GradientCheck}, float64), its value against the definition written out (a mean over the
 * counted positions of {@code -log softmax}), and the cases where positions do not count.
 */
class PixelCrossEntropyGradientCheckTest {
    /**
     * Float64 steps; gradients below 1e-4 compared absolutely: confident positions have softmax terms of
     * 1e-6 whose central difference carries the loss's rounding (1e-16 / h) as a relative error of 1e-4.
     */
    static final GradientCheck.Settings SETTINGS = new GradientCheck.Settings(1e-6, 1e-4, 1e-5, 0, 1);

    @ParameterizedTest(name = "n={0} classes={1} positions={2} ignored={3}")
    @CsvSource({"1, 2, 1, 0", "2, 3, 6, 0", "2, 5, 12, 0.3", "3, 2, 16, 0.5", "1, 7, 9, 0.9"})
    void gradientMatchesCentralDifferences(int n, int c, int p, double ignored) {
        Random rnd = new Random(n * 1000 + c * 10 + p);
        double[] x = gaussianDoubles(rnd, n * c * p);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 3;
        }
        int[] y = new int[n * p];
        long counted = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextDouble() < ignored ? PixelLabels.IGNORE : rnd.nextInt(c);
            counted += y[i] < 0 ? 0 : 1;
        }
        long k = counted;
        double[] grad = new double[x.length];
        double loss = LossReference.pixelCrossEntropy(n, c, p, x, y, k, grad);
        assertEquals(naive(n, c, p, x, y), loss, 1e-12 * Math.max(1, loss));
        FiniteDifferences.checkRelative("pixel cross-entropy logits", x, grad,
                () -> LossReference.pixelCrossEntropy(n, c, p, x, y, k, null), SETTINGS);
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < p; q++) {
                double sum = 0, abs = 0;
                for (int j = 0; j < c; j++) {
                    sum += grad[(i * c + j) * p + q];
                    abs += Math.abs(grad[(i * c + j) * p + q]);
                }
                assertEquals(0, sum, 1e-15, "softmax - onehot sums to zero at each position");
                if (y[i * p + q] < 0) {
                    assertEquals(0, abs, "a position that does not count has no gradient");
                }
            }
        }
    }

    @Test
    void aHandCheckedCase() {
        // two positions, two classes: logits (0, 0) with label 1 -> log 2; (ln 3, 0) with label 0 -> log(4/3)
        double[] x = {0, Math.log(3), 0, 0}; // [1, 2, 2]: class 0 at both positions, then class 1
        double loss = LossReference.pixelCrossEntropy(1, 2, 2, x, new int[] {1, 0}, 2, null);
        assertEquals((Math.log(2) + Math.log(4.0 / 3)) / 2, loss, 1e-15);
        // the second position ignored: the mean is over the first alone
        double[] grad = new double[4];
        loss = LossReference.pixelCrossEntropy(1, 2, 2, x, new int[] {1, PixelLabels.IGNORE}, 1, grad);
        assertEquals(Math.log(2), loss, 1e-15);
        assertArrayEquals(new double[] {0.5, 0, -0.5, 0}, grad, 1e-15);
    }

    @Test
    void nothingCountedIsZeroNotNaN() {
        double[] grad = {9, 9, 9, 9};
        double loss = LossReference.pixelCrossEntropy(1, 2, 2, new double[] {1, 2, 3, 4},
                new int[] {PixelLabels.IGNORE, PixelLabels.IGNORE}, 0, grad);
        assertEquals(0, loss);
        assertArrayEquals(new double[4], grad);
    }

    @Test
    void theOpChecksShapesAndLabels() {
        JavaBackend b = TestBackends.java();
        try (Tensor logits = b.tensor(new float[2 * 3 * 4], 2, 3, 2, 2);
                Tensor wrongShape = b.tensor(new float[8], 2, 4);
                Tensor flat = b.tensor(new float[6], 2, 3);
                Tensor outOfRange = b.tensor(new float[] {0, 1, 2, 3, 0, 0, 0, 0}, 2, 2, 2);
                Tensor belowIgnore = b.tensor(new float[] {0, 1, -2, 0, 0, 0, 0, 0}, 2, 2, 2)) {
            PixelCrossEntropy op = new PixelCrossEntropy();
            assertTrue(assertThrows(IllegalArgumentException.class, () -> op.forward(logits, wrongShape)).getMessage()
                    .contains("need [2, 2, 2]"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> op.forward(flat, wrongShape)).getMessage()
                    .contains("at least 3 dimensions"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> op.forward(logits, outOfRange)).getMessage()
                    .contains("labels[3] = 3 is outside [0, 3)"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> op.forward(logits, belowIgnore)).getMessage()
                    .contains("labels[2] = -2.0"));
        }
        assertThrows(IllegalArgumentException.class, () -> PixelLabels.tensor(b, new int[] {0, 5}, 3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> PixelLabels.masked(new int[] {0, 1}, new float[] {1, 0.5f}));
        assertArrayEquals(new int[] {0, PixelLabels.IGNORE, 2}, PixelLabels.masked(new int[] {0, 1, 2},
                new float[] {1, 0, 1}));
    }

    /** {@code -log(exp(x_y) / sum exp(x))} at each counted position, averaged. */
    private static double naive(int n, int c, int p, double[] x, int[] y) {
        double total = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < p; q++) {
                int label = y[i * p + q];
                if (label < 0) {
                    continue;
                }
                double z = 0;
                for (int j = 0; j < c; j++) {
                    z += Math.exp(x[(i * c + j) * p + q]);
                }
                total += -Math.log(Math.exp(x[(i * c + label) * p + q]) / z);
                counted++;
            }
        }
        return counted == 0 ? 0 : total / counted;
    }
}
