package org.lamina.backend.java;

import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference LRN's backward rule, odd and even
 * window sizes (whose windows are asymmetric, so the backward window is mirrored), weak and strong
 * normalization. LRN is smooth but not linear: step 1e-5, tolerance 1e-6 of the largest gradient.
 */
class LocalResponseNormGradientCheckTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("AlexNet", 2, 7, 3, new LocalResponseNormParams(5, 1e-4, 0.75, 2.0)),
                Arguments.of("PyTorch defaults", 2, 6, 4, LocalResponseNormParams.pytorchDefaults(5)),
                Arguments.of("strong size 3", 2, 5, 3, new LocalResponseNormParams(3, 1.0, 0.75, 1.0)),
                Arguments.of("even size 4", 1, 6, 5, new LocalResponseNormParams(4, 0.5, 0.75, 1.0)),
                Arguments.of("even size 2", 1, 5, 4, new LocalResponseNormParams(2, 2.0, 0.5, 1.0)),
                Arguments.of("size 1", 1, 4, 3, new LocalResponseNormParams(1, 1.5, 1.0, 0.5)),
                Arguments.of("window wider than the channels", 2, 3, 4, new LocalResponseNormParams(7, 3.0, 0.75, 1.0)),
                Arguments.of("even window wider than the channels", 1, 3, 4,
                        new LocalResponseNormParams(6, 3.0, 1.25, 2.0)),
                Arguments.of("beta 0 (identity)", 1, 4, 3, new LocalResponseNormParams(5, 1.0, 0.0, 1.0)),
                Arguments.of("one channel", 2, 1, 6, new LocalResponseNormParams(3, 2.0, 0.75, 1.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientMatchesFiniteDifferences(String name, int n, int c, int hw, LocalResponseNormParams p) {
        Random rnd = new Random(name.hashCode());
        int size = n * c * hw;
        double[] x = gaussianDoubles(rnd, size);
        double[] r = gaussianDoubles(rnd, size);
        double[] dx = new double[size];
        LocalResponseNormReference.backward(n, c, hw, p, x, r, dx);
        DoubleSupplier loss = () -> {
            double[] y = new double[size];
            LocalResponseNormReference.forward(n, c, hw, p, x, y);
            return FiniteDifferences.dot(r, y);
        };
        FiniteDifferences.check(name + " input", x, dx, loss, FiniteDifferences.STEP, 1e-6);
    }
}
