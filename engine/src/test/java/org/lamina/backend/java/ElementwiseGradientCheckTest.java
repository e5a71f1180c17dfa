package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.lamina.testing.TestData.gaussianDoubles;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the backward rules of the element-wise and
 * structural ops (add, scale, concatenation and its split) and of dropout with a fixed mask. These
 * maps are linear, so central differences are exact up to rounding.
 */
class ElementwiseGradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    @Test
    void addSendsTheGradientToBothInputs() {
        Random rnd = new Random(1);
        double[] a = gaussianDoubles(rnd, 30), b = gaussianDoubles(rnd, 30), r = gaussianDoubles(rnd, 30);
        var loss = (DoubleSupplier) () -> {
            double[] c = new double[a.length];
            ElementwiseReference.add(a, b, c);
            return FiniteDifferences.dot(r, c);
        };
        FiniteDifferences.check("add a", a, r.clone(), loss, H, TOLERANCE);
        FiniteDifferences.check("add b", b, r.clone(), loss, H, TOLERANCE);
    }

    @Test
    void scaleScalesTheGradient() {
        Random rnd = new Random(2);
        double alpha = -1.75;
        double[] x = gaussianDoubles(rnd, 25), r = gaussianDoubles(rnd, 25);
        double[] dx = new double[x.length];
        ElementwiseReference.scale(r, alpha, dx);
        FiniteDifferences.check("scale", x, dx, () -> {
            double[] y = new double[x.length];
            ElementwiseReference.scale(x, alpha, y);
            return FiniteDifferences.dot(r, y);
        }, H, TOLERANCE);
    }

    @Test
    void splitIsTheGradientOfConcat() {
        Random rnd = new Random(3);
        int outer = 3, inner = 4;
        int[] channels = {2, 1, 3, 0, 2};
        int total = 8;
        double[][] inputs = new double[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            inputs[i] = gaussianDoubles(rnd, outer * channels[i] * inner);
        }
        double[] r = gaussianDoubles(rnd, outer * total * inner);
        double[][] grads = new double[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            grads[i] = new double[inputs[i].length];
        }
        ElementwiseReference.split(outer, inner, r, channels, grads);
        for (int i = 0; i < channels.length; i++) {
            FiniteDifferences.check("concat input " + i, inputs[i], grads[i], () -> {
                double[] y = new double[r.length];
                ElementwiseReference.concat(outer, inner, inputs, channels, y);
                return FiniteDifferences.dot(r, y);
            }, H, TOLERANCE);
        }
        // And split after concat gives the inputs back.
        double[] y = new double[r.length];
        ElementwiseReference.concat(outer, inner, inputs, channels, y);
        double[][] back = new double[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            back[i] = new double[inputs[i].length];
        }
        ElementwiseReference.split(outer, inner, y, channels, back);
        for (int i = 0; i < channels.length; i++) {
            assertArrayEquals(inputs[i], back[i]);
        }
    }

    @Test
    void dropoutWithAFixedMaskAppliesItToTheGradient() {
        Random rnd = new Random(4);
        double p = 0.3;
        double[] mask = DropoutReference.mask(101, p, 0x5eedL);
        double[] x = gaussianDoubles(rnd, mask.length), r = gaussianDoubles(rnd, mask.length);
        double[] dx = new double[x.length];
        DropoutReference.apply(mask, r, dx);
        FiniteDifferences.check("dropout", x, dx, () -> {
            double[] y = new double[x.length];
            DropoutReference.apply(mask, x, y);
            return FiniteDifferences.dot(r, y);
        }, H, TOLERANCE);
    }
}
