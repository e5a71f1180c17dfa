package org.lamina.backend.java;

import static org.lamina.testing.TestData.gaussianDoubles;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the reference convolution's gradient rules
 * (which the OpenCL kernels are compared with). For a random upstream gradient r and the scalar
 * L = sum(r * y), every analytic gradient must match central differences of L.
 */
class ConvGradientCheckTest {
    private static final double H = 1e-6;
    /** L is linear in each parameter, so central differences are exact up to rounding (about 1e-9 here). */
    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> variants() {
        ConvParams d = ConvParams.defaults();
        return Stream.of(
                Arguments.of("standard 3x3", new int[] {2, 3, 6, 7}, new int[] {4, 3, 3, 3}, d, false),
                Arguments.of("padded 3x3", new int[] {2, 3, 5, 6}, new int[] {4, 3, 3, 3}, d.padding(1), false),
                Arguments.of("strided", new int[] {1, 2, 9, 8}, new int[] {3, 2, 3, 3}, d.stride(2).padding(1), false),
                Arguments.of("asymmetric", new int[] {2, 2, 7, 6}, new int[] {3, 2, 3, 2},
                        d.stride(2, 1).padding(1, 0), false),
                Arguments.of("dilated", new int[] {1, 2, 9, 9}, new int[] {2, 2, 3, 3}, d.dilation(2).padding(2), false),
                Arguments.of("grouped", new int[] {2, 4, 5, 5}, new int[] {6, 2, 3, 3}, d.groups(2).padding(1), false),
                Arguments.of("depthwise", new int[] {2, 3, 6, 5}, new int[] {3, 1, 3, 3}, d.groups(3).padding(1), false),
                Arguments.of("depthwise x2", new int[] {1, 3, 6, 5}, new int[] {6, 1, 3, 3}, d.groups(3).padding(1),
                        false),
                Arguments.of("1x1", new int[] {2, 5, 4, 3}, new int[] {4, 5, 1, 1}, d, false),
                Arguments.of("truncating stride", new int[] {1, 2, 8, 7}, new int[] {2, 2, 3, 3}, d.stride(2), false),
                Arguments.of("transposed", new int[] {2, 3, 4, 5}, new int[] {3, 2, 3, 3}, d, true),
                Arguments.of("transposed stride 2 pad 1 out_pad 1", new int[] {1, 3, 4, 3}, new int[] {3, 4, 3, 3},
                        d.stride(2).padding(1).outputPadding(1), true),
                Arguments.of("transposed dilated", new int[] {1, 2, 4, 4}, new int[] {2, 3, 3, 3},
                        d.dilation(2).padding(1), true),
                Arguments.of("transposed grouped", new int[] {2, 4, 3, 4}, new int[] {4, 3, 2, 2},
                        d.stride(2).groups(2), true),
                Arguments.of("transposed 4x4 stride 3", new int[] {1, 2, 3, 3}, new int[] {2, 2, 4, 4}, d.stride(3),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsMatchFiniteDifferences(String name, int[] inShape, int[] wShape, ConvParams p, boolean transposed) {
        ConvGeometry g = transposed ? ConvGeometry.transposed("test", inShape, wShape, p)
                : ConvGeometry.forward("test", inShape, wShape, p);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(inShape));
        double[] w = gaussianDoubles(rnd, size(wShape));
        int channelsOut = transposed ? g.c() : g.k();
        double[] b = gaussianDoubles(rnd, channelsOut);
        int[] outShape = transposed ? g.inputShape() : g.outputShape();
        double[] r = gaussianDoubles(rnd, size(outShape));

        // Analytic gradients, composed exactly as Conv2d and ConvTranspose2d compose them.
        double[] dx = new double[x.length], dw = new double[w.length], db = new double[b.length];
        if (transposed) {
            ConvReference.forward(g, r, w, null, dx);
            ConvReference.backwardFilter(g, r, x, dw);
        } else {
            ConvReference.backwardData(g, r, w, null, dx);
            ConvReference.backwardFilter(g, x, r, dw);
        }
        ConvReference.biasGrad(outShape[0], outShape[1], outShape[2] * outShape[3], r, db);

        DoubleSupplier loss = () -> {
            double[] y = new double[r.length];
            if (transposed) {
                ConvReference.backwardData(g, x, w, b, y);
            } else {
                ConvReference.forward(g, x, w, b, y);
            }
            return FiniteDifferences.dot(r, y);
        };
        FiniteDifferences.check(name + " input", x, dx, loss, H, TOLERANCE);
        FiniteDifferences.check(name + " weight", w, dw, loss, H, TOLERANCE);
        FiniteDifferences.check(name + " bias", b, db, loss, H, TOLERANCE);
    }
}
