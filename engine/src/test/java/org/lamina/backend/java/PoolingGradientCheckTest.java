package org.lamina.backend.java;

import static org.lamina.testing.TestData.gaussianDoubles;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.geometry.PoolParams;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference pooling's backward rules. For a
 * random upstream gradient r and L = sum(r * y), the analytic input gradient must match central
 * differences of L. Average pooling is linear and max pooling piecewise linear (random normal
 * inputs: no ties, and a step far below the gaps between values), so differences are exact up to
 * rounding.
 */
class PoolingGradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of("2x2 stride 2", new int[] {2, 2, 6, 8}, PoolParams.kernel(2)),
                Arguments.of("2x2 stride 2 odd floor", new int[] {1, 2, 7, 9}, PoolParams.kernel(2)),
                Arguments.of("2x2 stride 2 ceil", new int[] {1, 2, 7, 9}, PoolParams.kernel(2).ceilMode(true)),
                Arguments.of("3x3 stride 2 overlapping (AlexNet)", new int[] {2, 2, 9, 11},
                        PoolParams.kernel(3).stride(2)),
                Arguments.of("3x3 stride 2 ceil", new int[] {1, 3, 8, 10}, PoolParams.kernel(3).stride(2).ceilMode(true)),
                Arguments.of("3x3 stride 2 pad 1", new int[] {2, 1, 7, 9}, PoolParams.kernel(3).stride(2).padding(1)),
                Arguments.of("3x3 stride 2 pad 1 ceil", new int[] {1, 2, 8, 6},
                        PoolParams.kernel(3).stride(2).padding(1).ceilMode(true)),
                Arguments.of("3x3 stride 1 pad 1", new int[] {1, 2, 5, 6}, PoolParams.kernel(3).stride(1).padding(1)),
                Arguments.of("asymmetric 3x2 stride (2, 1) pad (1, 0)", new int[] {2, 2, 7, 6},
                        PoolParams.kernel(3, 2).stride(2, 1).padding(1, 0)),
                Arguments.of("stride larger than kernel", new int[] {1, 2, 9, 10}, PoolParams.kernel(2).stride(3)),
                Arguments.of("4x4 stride 3 pad 2 ceil", new int[] {1, 2, 8, 7},
                        PoolParams.kernel(4).stride(3).padding(2).ceilMode(true)),
                Arguments.of("window as large as the padded input", new int[] {1, 2, 3, 4},
                        PoolParams.kernel(5, 6).padding(1)),
                Arguments.of("1x1", new int[] {1, 2, 3, 4}, PoolParams.kernel(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void maxPoolingGradientMatchesFiniteDifferences(String name, int[] in, PoolParams p) {
        PoolGeometry g = PoolGeometry.of("test", in, p);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] r = gaussianDoubles(rnd, size(g.outputShape()));
        double[] y = new double[r.length];
        int[] indices = new int[r.length];
        PoolingReference.maxForward(g, x, y, indices);
        double[] dx = new double[x.length];
        PoolingReference.maxBackward(g, r, indices, dx);
        DoubleSupplier loss = () -> {
            double[] out = new double[r.length];
            PoolingReference.maxForward(g, x, out, new int[r.length]);
            return FiniteDifferences.dot(r, out);
        };
        FiniteDifferences.check(name + " max input", x, dx, loss, H, TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void avgPoolingGradientMatchesFiniteDifferences(String name, int[] in, PoolParams p) {
        PoolGeometry g = PoolGeometry.of("test", in, p);
        for (boolean includePad : new boolean[] {true, false}) {
            Random rnd = new Random(name.hashCode() + (includePad ? 1 : 0));
            double[] x = gaussianDoubles(rnd, size(in));
            double[] r = gaussianDoubles(rnd, size(g.outputShape()));
            double[] dx = new double[x.length];
            PoolingReference.avgBackward(g, includePad, r, dx);
            DoubleSupplier loss = () -> {
                double[] out = new double[r.length];
                PoolingReference.avgForward(g, includePad, x, out);
                return FiniteDifferences.dot(r, out);
            };
            FiniteDifferences.check(name + " avg count_include_pad=" + includePad + " input", x, dx, loss, H,
                    TOLERANCE);
        }
    }

    static Stream<Arguments> adaptive() {
        return Stream.of(
                Arguments.of("3x2 from 7x9 (non-divisible)", new int[] {2, 2, 7, 9}, 3, 2),
                Arguments.of("global 1x1", new int[] {2, 3, 5, 7}, 1, 1),
                Arguments.of("divisible 2x3 from 6x9", new int[] {1, 2, 6, 9}, 2, 3),
                Arguments.of("larger than the input 5x7 from 3x4", new int[] {1, 2, 3, 4}, 5, 7),
                Arguments.of("identity", new int[] {1, 2, 4, 3}, 4, 3),
                Arguments.of("one row", new int[] {1, 1, 6, 5}, 1, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adaptive")
    void adaptiveAvgPoolingGradientMatchesFiniteDifferences(String name, int[] in, int outH, int outW) {
        AdaptivePoolGeometry g = AdaptivePoolGeometry.of("test", in, outH, outW);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] r = gaussianDoubles(rnd, size(g.outputShape()));
        double[] dx = new double[x.length];
        PoolingReference.adaptiveBackward(g, r, dx);
        DoubleSupplier loss = () -> {
            double[] out = new double[r.length];
            PoolingReference.adaptiveForward(g, x, out);
            return FiniteDifferences.dot(r, out);
        };
        FiniteDifferences.check(name + " adaptive input", x, dx, loss, H, TOLERANCE);
    }
}
