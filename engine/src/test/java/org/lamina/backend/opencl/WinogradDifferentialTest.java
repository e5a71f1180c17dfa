package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussian;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.conv.WinogradConv2dKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.testing.TestBackends;

/**
 * Winograd F(2x2, 3x3) and F(4x4, 3x3) (each forced through the tuning's tile), forward and input
 * gradient, and F(3x3, 2x2) for the weight gradient, against
 * a double-precision reference over random 3x3 stride-1 geometries: every padding from 0 to 3 (the
 * input gradient's padding {@code 2d - p} is then negative for d = 1), dilations 1 to 3, odd and tiny
 * sizes, transposed geometries (with output padding where the dilation allows it), and transform
 * budgets that split the batch into chunks.
 *
 * <p>Tolerance: Winograd's transforms add up to 16 input values and 9 filter values before the
 * products, so its rounding is larger than a direct sum's, but bounded by a few float32 epsilons of
 * the sum of magnitudes {@code S = |b| + sum |x||w|} over the output's terms, times the reduction
 * length. Each value must lie within {@code 4 * eps * (R + 16) * S} of the exact result, R the
 * reduction length (C*9, K*9, or N*Ho*Wo for the weight gradient); the worst ratio of error to
 * {@code eps * S} over all values is also bounded (below 64; about 23 measured), so a broken transform
 * (an error of the order of S itself) cannot pass.
 *
 * <p>F(4x4, 3x3) mixes a whole 6x6 patch with transform weights up to 8, so an output's error follows
 * the magnitudes of its tile rather than of its own terms: an output in the padding, whose only term
 * is the bias, carries its neighbours' rounding (up to about 5000 {@code eps * S} against its own S,
 * measured). Its passes take S as the largest of the tensor; against that the worst error is about
 * 25 {@code eps * S} (F(2x2): 23), with the same bounds.
 */
class WinogradDifferentialTest {
    /** The largest image side drawn (half that for transposed layers). */
    static final int SIDE = TestShapes.count(18, 10);
    private static final double EPS = Math.ulp(1.0f);

    @ParameterizedTest(name = "F({0}x{0}, 3x3)")
    @ValueSource(ints = {2, 4})
    void everyPassMatchesADoubleReference(int tile) {
        OpenClBackend cl = TestBackends.openCl();
        ClContext ctx = cl.context();
        GemmKernels gemm = new GemmKernels(ctx);
        Random rnd = new Random(2026);
        int checked = 0, chunked = 0, negativePad = 0, dilated = 0;
        double worst = 0, worstTiled = 0; // all passes; forward and input gradient (the tile's passes)
        for (int trial = 0; trial < TestShapes.count(160, 24); trial++) {
            int n = 1 + rnd.nextInt(3), cin = 1 + rnd.nextInt(9), cout = 1 + rnd.nextInt(9);
            int ph = rnd.nextInt(4), pw = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : ph;
            boolean transposed = rnd.nextInt(4) == 0;
            int dh = rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(2) : 1, dw = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : dh;
            ConvParams p = ConvParams.defaults().padding(ph, pw).dilation(dh, dw);
            ConvGeometry g;
            try {
                if (transposed) {
                    p = p.outputPadding(rnd.nextInt(dh), rnd.nextInt(dw)); // below the dilation
                    g = ConvGeometry.transposed("test", new int[] {n, cin, 1 + rnd.nextInt(SIDE / 2), 1 + rnd.nextInt(SIDE / 2)},
                            new int[] {cin, cout, 3, 3}, p);
                } else {
                    g = ConvGeometry.forward("test", new int[] {n, cin, 1 + rnd.nextInt(SIDE), 1 + rnd.nextInt(SIDE)},
                            new int[] {cout, cin, 3, 3}, p);
                }
            } catch (IllegalArgumentException empty) {
                continue;
            }
            assertTrue(WinogradConv2dKernels.supports(g), g.toString());
            // A budget of one image's transform, or of a few, or the default: chunks of every size.
            long perImage = 16L * Math.max(g.c(), g.k()) * ((g.ho() + 1) / 2) * ((g.wo() + 1) / 2);
            long perImageBack = 16L * Math.max(g.c(), g.k()) * ((g.h() + 1) / 2) * ((g.w() + 1) / 2);
            long budget = switch (trial % 3) {
                case 0 -> Math.max(perImage, perImageBack);
                case 1 -> 2 * Math.max(perImage, perImageBack) + 1;
                default -> 1L << 21;
            };
            dilated += g.dh() > 1 || g.dw() > 1 ? 1 : 0;
            chunked += budget < (long) g.n() * Math.max(perImage, perImageBack) ? 1 : 0;
            negativePad += g.ph() > 2 * g.dh() || g.pw() > 2 * g.dw() ? 1 : 0;
            WinogradConv2dKernels wino = new WinogradConv2dKernels(ctx, gemm,
                    new WinogradConv2dKernels.Tuning(rnd.nextBoolean() ? 4 : 8, 1 + rnd.nextInt(8), budget, tile));
            float[] x = gaussian(rnd, (int) g.inputSize()), w = gaussian(rnd, (int) g.weightSize());
            float[] b = gaussian(rnd, g.k()), bc = gaussian(rnd, g.c()), dy = gaussian(rnd, (int) g.outputSize());
            double[][] y = forward(g, x, w, b), dx = backwardData(g, dy, w, bc), dwRef = backwardFilter(g, x, dy);
            try (Buffer bx = ctx.upload(x); Buffer bw = ctx.upload(w); Buffer bb = ctx.upload(b);
                    Buffer bbc = ctx.upload(bc); Buffer bdy = ctx.upload(dy);
                    Buffer by = ctx.allocate(g.outputSize()); Buffer bdx = ctx.allocate(g.inputSize());
                    Buffer bdw = ctx.upload(gaussian(rnd, (int) g.weightSize()))) {
                wino.forward(g, bx, bw, bb, by);
                wino.backwardData(g, bdy, bw, bbc, bdx);
                wino.backwardFilter(g, bx, bdy, bdw);
                worst = Math.max(worst, check("backward filter " + g, dwRef, ctx.read(bdw), g.n() * g.ho() * g.wo(), 2));
                worstTiled = Math.max(worstTiled, check("forward " + g, y, ctx.read(by), 9 * g.c(), tile));
                worstTiled = Math.max(worstTiled, check("backward data " + g, dx, ctx.read(bdx), 9 * g.k(), tile));
                worst = Math.max(worst, worstTiled);
            }
            checked++;
        }
        assertTrue(checked >= TestShapes.count(100, 10) && chunked >= TestShapes.count(20, 2)
                && negativePad >= TestShapes.count(5, 1) && dilated >= TestShapes.count(20, 2), "coverage: " + checked
                + " geometries, " + chunked + " chunked, " + negativePad + " with padding past 2d, " + dilated
                + " dilated");
        // Rounding, not a wrong term: the worst error is a small multiple of eps * S.
        System.out.println("F(" + tile + "x" + tile + ", 3x3): worst error " + worstTiled
                + " eps * S forward and input gradient, " + worst + " all passes");
        assertTrue(worst < 64, "worst error " + worst + " eps * S");
    }

    @Test
    void aTileOtherThanTwoOrFourIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WinogradConv2dKernels.Tuning(8, 2, 1 << 19, 3));
        assertTrue(e.getMessage().contains("tile 3"), e.getMessage());
    }

    /** The worst {@code |error| / (eps * S)}; fails when an error exceeds {@code 4 eps (R + 16) S}. */
    private static double check(String what, double[][] ref, float[] got, int reduction, int tile) {
        double[] exact = ref[0], magnitude = ref[1];
        assertEquals(exact.length, got.length, what + ": length");
        // F(4x4)'s transforms mix a 6x6 patch with weights up to 8 (A^T) and 5 (B^T): an output's error
        // follows the magnitudes of its whole tile, not only of its own terms (an output in the padding
        // with S = |b| still carries the rounding of its neighbours), so S is the largest of the tensor.
        double largest = Arrays.stream(magnitude).max().orElse(0);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - exact[i]);
            double s = tile == 4 ? largest : magnitude[i];
            double tol = 4 * EPS * (reduction + 16) * s + 1e-30;
            if (!(err <= tol)) {
                fail(what + ": at " + i + " expected " + exact[i] + " got " + got[i] + " (tolerance " + tol + ")");
            }
            worst = Math.max(worst, err / (EPS * s + 1e-30));
        }
        return worst;
    }

    /** y and S = |b| + sum |x||w| per output, in double. */
    private static double[][] forward(ConvGeometry g, float[] x, float[] w, float[] b) {
        double[] y = new double[(int) g.outputSize()], s = new double[y.length];
        for (int n = 0; n < g.n(); n++) {
            for (int k = 0; k < g.k(); k++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    for (int ox = 0; ox < g.wo(); ox++) {
                        double v = b[k], m = Math.abs(b[k]);
                        for (int c = 0; c < g.c(); c++) {
                            for (int ky = 0; ky < 3; ky++) {
                                int iy = oy - g.ph() + ky * g.dh();
                                for (int kx = 0; kx < 3; kx++) {
                                    int ix = ox - g.pw() + kx * g.dw();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) x[((n * g.c() + c) * g.h() + iy) * g.w() + ix]
                                            * w[((k * g.c() + c) * 3 + ky) * 3 + kx];
                                    v += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int i = ((n * g.k() + k) * g.ho() + oy) * g.wo() + ox;
                        y[i] = v;
                        s[i] = m;
                    }
                }
            }
        }
        return new double[][] {y, s};
    }

    /** dw and S per weight, in double: the sum over images and positions of dy times the input it read. */
    private static double[][] backwardFilter(ConvGeometry g, float[] x, float[] dy) {
        double[] dw = new double[(int) g.weightSize()], s = new double[dw.length];
        for (int k = 0; k < g.k(); k++) {
            for (int c = 0; c < g.c(); c++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        double v = 0, m = 0;
                        for (int n = 0; n < g.n(); n++) {
                            for (int oy = 0; oy < g.ho(); oy++) {
                                int iy = oy - g.ph() + ky * g.dh();
                                for (int ox = 0; ox < g.wo(); ox++) {
                                    int ix = ox - g.pw() + kx * g.dw();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) dy[((n * g.k() + k) * g.ho() + oy) * g.wo() + ox]
                                            * x[((n * g.c() + c) * g.h() + iy) * g.w() + ix];
                                    v += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int i = ((k * g.c() + c) * 3 + ky) * 3 + kx;
                        dw[i] = v;
                        s[i] = m;
                    }
                }
            }
        }
        return new double[][] {dw, s};
    }

    /** dx and S per input value, in double: the adjoint of {@link #forward}, plus a bias per channel. */
    private static double[][] backwardData(ConvGeometry g, float[] dy, float[] w, float[] bc) {
        double[] dx = new double[(int) g.inputSize()], s = new double[dx.length];
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.c(); c++) {
                for (int iy = 0; iy < g.h(); iy++) {
                    for (int ix = 0; ix < g.w(); ix++) {
                        double v = bc[c], m = Math.abs(bc[c]);
                        for (int k = 0; k < g.k(); k++) {
                            for (int ky = 0; ky < 3; ky++) {
                                int oy = iy + g.ph() - ky * g.dh();
                                for (int kx = 0; kx < 3; kx++) {
                                    int ox = ix + g.pw() - kx * g.dw();
                                    if (oy < 0 || oy >= g.ho() || ox < 0 || ox >= g.wo()) {
                                        continue;
                                    }
                                    double t = (double) dy[((n * g.k() + k) * g.ho() + oy) * g.wo() + ox]
                                            * w[((k * g.c() + c) * 3 + ky) * 3 + kx];
                                    v += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int i = ((n * g.c() + c) * g.h() + iy) * g.w() + ix;
                        dx[i] = v;
                        s[i] = m;
                    }
                }
            }
        }
        return new double[][] {dx, s};
    }
}
