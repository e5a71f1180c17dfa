package org.lamina.opencl.conv;

import org.lamina.opencl.TestShapes;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.OpenClTests;

/**
 * The phase split and merge of {@code phases.cl} against the definition written out in Java: random
 * images, dilations 1 to 3 down and across (2 across takes the even/odd vector path), row lengths
 * below, at and past multiples of the vector width, both vector widths, with and without margins;
 * every value of the output is checked, the margins included (the output starts as NaN), and merging
 * a split gives back the images exactly.
 */
class DilationPhasesTest {

    @Test
    void splitAndMergeMatchTheDefinition() {
        ClContext ctx = OpenClTests.context();
        Random rnd = new Random(77);
        int withMargins = 0, evenOdd = 0;
        for (int vec : new int[] {4, 8}) {
            DilationPhases phases = new DilationPhases(ctx, new DilationPhases.Tuning(vec, 1 + rnd.nextInt(8)));
            for (int trial = 0; trial < TestShapes.count(40, 8); trial++) {
                int dH = 1 + rnd.nextInt(3), dW = 1 + rnd.nextInt(3);
                int n = 1 + rnd.nextInt(3), c = 1 + rnd.nextInt(4);
                int h = dH * (1 + rnd.nextInt(6)), w = dW * (1 + rnd.nextInt(21));
                int wp = w / dW, left = rnd.nextBoolean() ? 0 : rnd.nextInt(3);
                int width = wp + left + (rnd.nextBoolean() ? 0 : rnd.nextInt(5));
                withMargins += width > wp ? 1 : 0;
                evenOdd += dW == 2 && wp >= vec ? 1 : 0;
                float[] x = new float[n * c * h * w];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                int size = n * dW * c * h * width;
                float[] nan = new float[size];
                Arrays.fill(nan, Float.NaN);
                try (Buffer bx = ctx.upload(x); Buffer bp = ctx.upload(nan); Buffer back = ctx.allocate(x.length)) {
                    phases.split(bx, n, c, h, w, dH, dW, left, width, bp);
                    float[] got = ctx.read(bp);
                    float[] expected = split(x, n, c, h, w, dH, dW, left, width);
                    String what = "vec " + vec + " " + n + "x" + c + "x" + h + "x" + w + " dilation (" + dH + ", " + dW
                            + ") margin " + left + " width " + width;
                    assertArrayEquals(expected, got, what + ": split");
                    if (width == wp) {
                        phases.merge(bp, n, c, h, w, dH, dW, back);
                        assertArrayEquals(x, ctx.read(back), what + ": merge of the split");
                        // The merge on its own: phases of known values, each lands at its place.
                        try (Buffer bq = ctx.upload(expected)) {
                            phases.merge(bq, n, c, h, w, dH, dW, back);
                            assertArrayEquals(x, ctx.read(back), what + ": merge");
                        }
                    }
                }
            }
        }
        assertTrue(withMargins >= TestShapes.count(20, 2) && evenOdd >= TestShapes.count(5, 1), "coverage: " + withMargins + " with margins, " + evenOdd
                + " on the even/odd path");
    }

    @Test
    void badSizesAreRejectedWithTheirValues() {
        ClContext ctx = OpenClTests.context();
        DilationPhases phases = new DilationPhases(ctx);
        try (Buffer a = ctx.allocate(64); Buffer b = ctx.allocate(64)) {
            var e = assertThrows(IllegalArgumentException.class, () -> phases.split(a, 1, 1, 4, 5, 2, 2, b));
            assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("4x5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> phases.split(a, 1, 1, 4, 4, 2, 2, 1, 2, b));
            assertTrue(e.getMessage().contains("margin 1") && e.getMessage().contains("width 2"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> phases.merge(a, 2, 2, 4, 6, 2, 2, b));
            assertTrue(e.getMessage().contains("96"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new DilationPhases.Tuning(5, 8));
    }

    /** The definition: p[(i dH + a) dW + b, c, y, left + j] = x[i, c, y dH + a, j dW + b], zeros elsewhere. */
    private static float[] split(float[] x, int n, int c, int h, int w, int dH, int dW, int left, int width) {
        int hp = h / dH, wp = w / dW;
        float[] p = new float[n * dH * dW * c * hp * width];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dH; a++) {
                for (int b = 0; b < dW; b++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < hp; y++) {
                            for (int j = 0; j < wp; j++) {
                                int image = (i * dH + a) * dW + b;
                                p[((image * c + ch) * hp + y) * width + left + j] =
                                        x[((i * c + ch) * h + y * dH + a) * w + j * dW + b];
                            }
                        }
                    }
                }
            }
        }
        return p;
    }
}
