package org.lamina.backend.java;

import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference dense layer's gradient rules: for a
 * random upstream gradient r and L = sum(r * y), the input, weight and bias gradients must match central
 * differences of L.
 */
class DenseGradientCheckTest {
    private static final double H = 1e-6;
    /** L is linear in each parameter, so central differences are exact up to rounding. */
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "n={0} in={1} out={2} bias={3}")
    @CsvSource({"1, 1, 1, true", "1, 13, 5, false", "3, 20, 7, true", "4, 9, 1, true", "5, 1, 6, true",
        "2, 17, 11, false", "6, 8, 8, true"})
    void gradientsMatchFiniteDifferences(int n, int in, int out, boolean withBias) {
        Random rnd = new Random(n * 1000 + in * 10 + out);
        double[] x = gaussianDoubles(rnd, n * in);
        double[] w = gaussianDoubles(rnd, out * in);
        double[] b = withBias ? gaussianDoubles(rnd, out) : null;
        double[] r = gaussianDoubles(rnd, n * out);

        double[] dx = new double[x.length], dw = new double[w.length], db = new double[out];
        DenseReference.backwardInput(n, in, out, r, w, dx);
        DenseReference.backwardWeight(n, in, out, x, r, dw);
        DenseReference.backwardBias(n, out, r, db);

        DoubleSupplier loss = () -> {
            double[] y = new double[n * out];
            DenseReference.forward(n, in, out, x, w, b, y);
            return FiniteDifferences.dot(r, y);
        };
        FiniteDifferences.check("input", x, dx, loss, H, TOLERANCE);
        FiniteDifferences.check("weight", w, dw, loss, H, TOLERANCE);
        if (withBias) {
            FiniteDifferences.check("bias", b, db, loss, H, TOLERANCE);
        }
    }
}
