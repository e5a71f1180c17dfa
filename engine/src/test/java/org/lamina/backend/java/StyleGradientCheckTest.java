package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.backend.LossOps;
import org.lamina.gradcheck.GradientCheck;
import org.lamina.ops.ContentLoss;
import org.lamina.ops.StyleLoss;
import org.lamina.tensor.Tensor;
import org.lamina.testing.FiniteDifferences;
import org.lamina.testing.TestBackends;

/**
 * Finite-difference checks of neural style transfer's gradients: the Gram matrix's backward rule in
 * double precision (for L = sum(r * G), every input element), and the style and content losses'
 * input gradients through the ops on the Java backend (float32 tensors, float32 steps).
 */
class StyleGradientCheckTest {

    @ParameterizedTest(name = "n={0} c={1} hw={2}")
    @CsvSource({"1, 1, 1", "1, 3, 4", "2, 5, 7", "3, 8, 2", "1, 2, 30", "2, 6, 35"})
    void theGramMatrixGradientMatchesCentralDifferences(int n, int c, int hw) {
        Random rnd = new Random(n * 100 + c * 10 + hw);
        double[] x = gaussianDoubles(rnd, n * c * hw);
        double[] r = gaussianDoubles(rnd, n * c * c);
        double[] dx = new double[x.length];
        GramReference.backward(n, c, hw, x, r, dx);
        DoubleSupplier loss = () -> {
            double[] g = new double[n * c * c];
            GramReference.forward(n, c, hw, x, g);
            return FiniteDifferences.dot(r, g);
        };
        // L is quadratic in each element, so central differences are exact up to rounding, which a
        // larger step shrinks.
        FiniteDifferences.checkRelative("gram input", x, dx, loss, GradientCheck.Settings.FLOAT64.withStep(1e-3)
                .withThreshold(1e-8));
    }

    @Test
    void theGramMatrixIsSymmetricAndNormalizedByItsSize() {
        // One channel of ones over 2x3 pixels: G = 6 / (1*2*3) = 1; two equal channels: every entry equal.
        double[] g = new double[4];
        GramReference.forward(1, 2, 3, new double[] {1, 2, 3, 1, 2, 3}, g);
        assertArrayEquals(new double[] {14 / 6.0, 14 / 6.0, 14 / 6.0, 14 / 6.0}, g, 1e-15);
        GramReference.forward(1, 2, 2, new double[] {1, 0, 0, 2}, g);
        assertArrayEquals(new double[] {0.25, 0, 0, 1}, g, 1e-15);
    }

    @Test
    void theStyleAndContentLossGradientsMatchCentralDifferences() {
        JavaBackend java = TestBackends.java();
        Random rnd = new Random(5);
        int[] shape = {2, 4, 3, 5};
        int size = 2 * 4 * 3 * 5;
        double[] x = gaussianDoubles(rnd, size);
        float[] target = new float[size];
        for (int i = 0; i < size; i++) {
            target[i] = (float) rnd.nextGaussian();
        }
        for (boolean style : new boolean[] {true, false}) {
            double weight = style ? 30 : 0.7;
            double[] analytic;
            try (Tensor t = java.tensor(target, shape); Tensor xt = java.fromDoubles(x, shape);
                    LossOps.Result r = loss(style, weight, xt, t)) {
                analytic = toDoubles(r.gradInput().toArray());
            }
            DoubleSupplier value = () -> {
                try (Tensor t = java.tensor(target, shape); Tensor xt = java.fromDoubles(x, shape);
                        LossOps.Result r = loss(style, weight, xt, t)) {
                    return r.loss().toArray()[0];
                }
            };
            // float32 values: a step of 1e-2, the relative error floored at 1e-3 of the largest gradient
            double scale = 0;
            for (double a : analytic) {
                scale = Math.max(scale, Math.abs(a));
            }
            GradientCheck.Entry e = GradientCheck.compare(style ? "style" : "content", x, analytic, value,
                    GradientCheck.Settings.FLOAT32.withSamples(0).withEps(1e-2 * scale));
            assertEquals(size, e.checked());
            assertTrue(e.passed(2e-2), (style ? "style" : "content") + " loss: " + e);
        }
    }

    private static LossOps.Result loss(boolean style, double weight, Tensor x, Tensor target) {
        return style ? new StyleLoss(weight).forwardFeatures(x, target) : new ContentLoss(weight).forward(x, target);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
