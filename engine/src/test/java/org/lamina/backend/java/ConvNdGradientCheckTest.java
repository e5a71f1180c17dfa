package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lamina.testing.TestData.gaussianDoubles;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.geometry.Conv3dParams;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.Pool3dGeometry;
import org.lamina.geometry.Pool3dParams;
import org.lamina.geometry.PoolGeometry;
import org.lamina.testing.FiniteDifferences;

/**
 * Finite-difference checks, in double precision, of the 1-D and 3-D family's gradient rules: the 3-D
 * convolution reference, conv1d as the 2-D reference on the {@code [N, C, 1, L]} view, and 3-D pooling
 * as the two 2-D stages {@link org.lamina.ops.Pool3d} runs. For a random upstream gradient r and
 * L = sum(r * y), every analytic gradient must match central differences of L. The forward passes are
 * also compared with the definitions written out in this test (a direct 1-D convolution, direct 3-D
 * pooling windows with PyTorch's divisors), so that the views and the separable stages are checked,
 * not only differentiated.
 */
class ConvNdGradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> conv3d() {
        Conv3dParams d = Conv3dParams.defaults();
        return Stream.of(
                Arguments.of("3x3x3", new int[] {2, 2, 4, 5, 4}, new int[] {3, 2, 3, 3, 3}, d),
                Arguments.of("3x3x3 pad 1", new int[] {1, 2, 3, 4, 5}, new int[] {2, 2, 3, 3, 3}, d.padding(1)),
                Arguments.of("time 3x1x1", new int[] {2, 3, 5, 3, 3}, new int[] {2, 3, 3, 1, 1}, d.padding(1, 0, 0)),
                Arguments.of("strided asymmetric", new int[] {1, 2, 6, 5, 7}, new int[] {3, 2, 2, 3, 2},
                        d.stride(2, 1, 2).padding(1, 1, 0)),
                Arguments.of("dilated", new int[] {1, 2, 6, 6, 6}, new int[] {2, 2, 3, 2, 3}, d.dilation(2, 1, 2).padding(2)),
                Arguments.of("grouped", new int[] {2, 4, 3, 4, 4}, new int[] {4, 2, 2, 2, 2}, d.groups(2)),
                Arguments.of("depthwise", new int[] {1, 3, 4, 4, 3}, new int[] {6, 1, 3, 3, 3}, d.groups(3).padding(1)),
                Arguments.of("1x1x1", new int[] {2, 3, 2, 3, 2}, new int[] {4, 3, 1, 1, 1}, d));
    }

    @ParameterizedTest(name = "conv3d {0}")
    @MethodSource("conv3d")
    void conv3dGradientsMatchFiniteDifferences(String name, int[] in, int[] wShape, Conv3dParams p) {
        Conv3dGeometry g = Conv3dGeometry.of("test", in, wShape, p);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] w = gaussianDoubles(rnd, size(wShape));
        double[] b = gaussianDoubles(rnd, g.k());
        double[] r = gaussianDoubles(rnd, size(g.outputShape()));
        double[] dx = new double[x.length], dw = new double[w.length], db = new double[b.length];
        Conv3dReference.backwardData(g, r, w, dx);
        Conv3dReference.backwardFilter(g, x, r, dw);
        ConvReference.biasGrad(g.n(), g.k(), g.od() * g.oh() * g.ow(), r, db);
        DoubleSupplier loss = () -> {
            double[] y = new double[r.length];
            Conv3dReference.forward(g, x, w, b, y);
            return FiniteDifferences.dot(r, y);
        };
        FiniteDifferences.check(name + " input", x, dx, loss, H, TOLERANCE);
        FiniteDifferences.check(name + " weight", w, dw, loss, H, TOLERANCE);
        FiniteDifferences.check(name + " bias", b, db, loss, H, TOLERANCE);
    }

    static Stream<Arguments> conv1d() {
        Conv1dParams d = Conv1dParams.defaults();
        return Stream.of(
                Arguments.of("k3 pad 1", new int[] {2, 3, 9}, new int[] {4, 3, 3}, d.padding(1)),
                Arguments.of("stride 2 dilation 2 pad 3", new int[] {2, 2, 15}, new int[] {3, 2, 5},
                        d.stride(2).dilation(2).padding(3)),
                Arguments.of("depthwise", new int[] {1, 4, 8}, new int[] {4, 1, 3}, d.groups(4).padding(1)),
                Arguments.of("grouped, multiplier 2", new int[] {2, 4, 7}, new int[] {8, 2, 2}, d.groups(2)));
    }

    @ParameterizedTest(name = "conv1d {0}")
    @MethodSource("conv1d")
    void conv1dOnTheTwoDimensionalViewIsTheDefinitionAndItsGradient(String name, int[] in, int[] wShape,
            Conv1dParams p) {
        ConvGeometry g = ConvGeometry.forward("test", new int[] {in[0], in[1], 1, in[2]},
                new int[] {wShape[0], wShape[1], 1, wShape[2]}, p.asConv2d());
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] w = gaussianDoubles(rnd, size(wShape));
        double[] b = gaussianDoubles(rnd, g.k());
        double[] y = new double[(int) g.outputSize()];
        ConvReference.forward(g, x, w, b, y);
        // conv1d as PyTorch defines it, written out
        int cg = in[1] / p.groups(), kg = wShape[0] / p.groups();
        for (int n = 0; n < in[0]; n++) {
            for (int k = 0; k < wShape[0]; k++) {
                for (int o = 0; o < g.wo(); o++) {
                    double s = b[k];
                    for (int c = 0; c < cg; c++) {
                        for (int t = 0; t < wShape[2]; t++) {
                            int i = o * p.stride() - p.padding() + t * p.dilation();
                            if (i >= 0 && i < in[2]) {
                                s += w[(k * cg + c) * wShape[2] + t] * x[(n * in[1] + (k / kg) * cg + c) * in[2] + i];
                            }
                        }
                    }
                    assertEquals(s, y[(n * wShape[0] + k) * g.wo() + o], 1e-12, name + " output at " + o);
                }
            }
        }
        double[] r = gaussianDoubles(rnd, y.length);
        double[] dx = new double[x.length], dw = new double[w.length];
        ConvReference.backwardData(g, r, w, null, dx);
        ConvReference.backwardFilter(g, x, r, dw);
        DoubleSupplier loss = () -> {
            double[] out = new double[r.length];
            ConvReference.forward(g, x, w, b, out);
            return FiniteDifferences.dot(r, out);
        };
        FiniteDifferences.check(name + " input", x, dx, loss, H, TOLERANCE);
        FiniteDifferences.check(name + " weight", w, dw, loss, H, TOLERANCE);
    }

    static Stream<Arguments> pool3d() {
        return Stream.of(
                Arguments.of("2x2x2", new int[] {2, 2, 4, 4, 6}, Pool3dParams.kernel(2)),
                Arguments.of("3x3x3 stride 2 pad 1", new int[] {1, 2, 5, 6, 7}, Pool3dParams.kernel(3).stride(2).padding(1)),
                Arguments.of("3x3x3 stride 2 pad 1 ceil", new int[] {1, 2, 6, 5, 6},
                        Pool3dParams.kernel(3).stride(2).padding(1).ceilMode(true)),
                Arguments.of("2x3x1 stride (1, 2, 1) ceil", new int[] {1, 3, 5, 7, 3},
                        Pool3dParams.kernel(2, 3, 1).stride(1, 2, 1).ceilMode(true)),
                Arguments.of("time 3x1x1 pad (1, 0, 0)", new int[] {2, 1, 6, 2, 3},
                        Pool3dParams.kernel(3, 1, 1).stride(2, 1, 1).padding(1, 0, 0)));
    }

    @ParameterizedTest(name = "pool3d {0}")
    @MethodSource("pool3d")
    void pooling3dStagesAreTheDefinitionAndTheirGradient(String name, int[] in, Pool3dParams p) {
        Pool3dGeometry g = Pool3dGeometry.of("test", in, p);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] r = gaussianDoubles(rnd, size(g.outputShape()));
        for (int kind = 0; kind < 3; kind++) {
            boolean max = kind == 0, include = kind == 1;
            double[] y = stages(g, x, max, include, null);
            double[] direct = direct(g, p, x, max, include);
            for (int i = 0; i < y.length; i++) {
                assertEquals(direct[i], y[i], 1e-12, name + " kind " + kind + " output at " + i);
            }
            int[][] indices = new int[2][];
            stages(g, x, max, include, indices);
            double[] dx = stagesBackward(g, r, max, include, indices);
            DoubleSupplier loss = () -> FiniteDifferences.dot(r, stages(g, x, max, include, null));
            FiniteDifferences.check(name + " kind " + kind + " input", x, dx, loss, H, TOLERANCE);
        }
    }

    @ParameterizedTest(name = "adaptive3d {0}")
    @MethodSource("pool3d")
    void adaptivePooling3dStagesAreTheDefinition(String name, int[] in, Pool3dParams unused) {
        int od = Math.max(1, in[2] / 2), oh = 3, ow = Math.max(1, in[4] - 1);
        AdaptivePoolGeometry planes = AdaptivePoolGeometry.of("test", new int[] {in[0], in[1] * in[2], in[3], in[4]}, oh,
                ow);
        AdaptivePoolGeometry depth = AdaptivePoolGeometry.of("test", new int[] {in[0] * in[1], 1, in[2], oh * ow}, od,
                oh * ow);
        Random rnd = new Random(name.hashCode());
        double[] x = gaussianDoubles(rnd, size(in));
        double[] mid = new double[(int) planes.outputSize()];
        double[] y = new double[(int) depth.outputSize()];
        PoolingReference.adaptiveForward(planes, x, mid);
        PoolingReference.adaptiveForward(depth, mid, y);
        int i = 0;
        for (int nc = 0; nc < in[0] * in[1]; nc++) {
            for (int a = 0; a < od; a++) {
                for (int b = 0; b < oh; b++) {
                    for (int c = 0; c < ow; c++) {
                        double s = 0;
                        int count = 0;
                        for (int z = AdaptivePoolGeometry.start(a, in[2], od); z < AdaptivePoolGeometry.end(a, in[2], od); z++) {
                            for (int u = AdaptivePoolGeometry.start(b, in[3], oh); u < AdaptivePoolGeometry.end(b, in[3], oh); u++) {
                                for (int v = AdaptivePoolGeometry.start(c, in[4], ow); v < AdaptivePoolGeometry.end(c, in[4], ow); v++) {
                                    s += x[((nc * in[2] + z) * in[3] + u) * in[4] + v];
                                    count++;
                                }
                            }
                        }
                        assertEquals(s / count, y[i++], 1e-12, name + " adaptive output");
                    }
                }
            }
        }
    }

    /** The two stages as Pool3d runs them, in double; {@code indices} (when not null) receives max's indices. */
    private static double[] stages(Pool3dGeometry g, double[] x, boolean max, boolean include, int[][] indices) {
        PoolGeometry p = g.planes(), d = g.depth();
        double[] mid = new double[(int) p.outputSize()];
        double[] y = new double[(int) d.outputSize()];
        if (max) {
            int[] i1 = new int[mid.length], i2 = new int[y.length];
            PoolingReference.maxForward(p, x, mid, i1);
            PoolingReference.maxForward(d, mid, y, i2);
            if (indices != null) {
                indices[0] = i1;
                indices[1] = i2;
            }
        } else {
            PoolingReference.avgForward(p, include, x, mid);
            PoolingReference.avgForward(d, include, mid, y);
        }
        return y;
    }

    private static double[] stagesBackward(Pool3dGeometry g, double[] dy, boolean max, boolean include,
            int[][] indices) {
        PoolGeometry p = g.planes(), d = g.depth();
        double[] dMid = new double[(int) p.outputSize()];
        double[] dx = new double[(int) p.inputSize()];
        if (max) {
            PoolingReference.maxBackward(d, dy, indices[1], dMid);
            PoolingReference.maxBackward(p, dMid, indices[0], dx);
        } else {
            PoolingReference.avgBackward(d, include, dy, dMid);
            PoolingReference.avgBackward(p, include, dMid, dx);
        }
        return dx;
    }

    /** 3-D pooling as PyTorch defines it: clipped windows; the divisor the product of per-axis extents. */
    private static double[] direct(Pool3dGeometry g, Pool3dParams p, double[] x, boolean max, boolean include) {
        double[] y = new double[g.n() * g.c() * g.od() * g.oh() * g.ow()];
        int[] size = {g.d(), g.h(), g.w()}, k = {p.kernelD(), p.kernelH(), p.kernelW()};
        int[] s = {p.strideD(), p.strideH(), p.strideW()}, pad = {p.padD(), p.padH(), p.padW()};
        int i = 0;
        for (int nc = 0; nc < g.n() * g.c(); nc++) {
            for (int a = 0; a < g.od(); a++) {
                for (int b = 0; b < g.oh(); b++) {
                    for (int c = 0; c < g.ow(); c++) {
                        int[] o = {a, b, c}, lo = new int[3], hi = new int[3];
                        long pool = 1, clipped = 1;
                        for (int ax = 0; ax < 3; ax++) {
                            int start = o[ax] * s[ax] - pad[ax], end = Math.min(start + k[ax], size[ax] + pad[ax]);
                            pool *= end - start;
                            lo[ax] = Math.max(start, 0);
                            hi[ax] = Math.min(end, size[ax]);
                            clipped *= hi[ax] - lo[ax];
                        }
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int z = lo[0]; z < hi[0]; z++) {
                            for (int u = lo[1]; u < hi[1]; u++) {
                                for (int v = lo[2]; v < hi[2]; v++) {
                                    double val = x[((nc * g.d() + z) * g.h() + u) * g.w() + v];
                                    acc = max ? Math.max(acc, val) : acc + val;
                                }
                            }
                        }
                        y[i++] = max ? acc : acc / (include ? pool : clipped);
                    }
                }
            }
        }
        return y;
    }
}
