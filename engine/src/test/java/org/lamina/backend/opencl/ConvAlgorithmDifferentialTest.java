package org.lamina.backend.opencl;

import org.lamina.opencl.DeviceType;
import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.ConvolutionOps;
import org.lamina.backend.java.JavaBackend;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.conv.Conv2dKernels;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvKernels;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.conv.ConvShapeClass;
import org.lamina.opencl.conv.DepthwiseConv2dKernels;
import org.lamina.opencl.conv.Im2colConv2dKernels;
import org.lamina.opencl.conv.PointwiseConv2dKernels;
import org.lamina.opencl.conv.WinogradConv2dKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Every convolution algorithm, forced, against the Java reference over many random geometries:
 * forward with bias, input gradient with a bias on it (the transposed convolution's forward pass),
 * and weight gradient. Each algorithm runs on every geometry it supports, so the specialised ones
 * are checked where they apply and the general ones everywhere.
 */
class ConvAlgorithmDifferentialTest {

    @Test
    void everyAlgorithmMatchesTheJavaReference() {
        OpenClBackend cl = TestBackends.openCl();
        OpenClConvolution conv = (OpenClConvolution) cl.convolution();
        Map<ConvAlgorithm, Integer> runs = new EnumMap<>(ConvAlgorithm.class);
        Random rnd = new Random(11);
        List<ConvDifferentialTest.Config> configs = new ArrayList<>(ConvDifferentialTest.configurations(424242, TestShapes.count(260, 16)));
        configs.addAll(threeByThreeStrideOne(rnd, TestShapes.count(30, 4))); // Winograd's geometries are rare among the random ones
        for (ConvDifferentialTest.Config c : configs) {
            ConvGeometry g = c.geometry();
            Reference ref = Reference.of(TestBackends.java(), g, rnd);
            for (ConvAlgorithm a : ConvAlgorithm.values()) {
                if (!a.supports(g)) {
                    continue;
                }
                runs.merge(a, 1, Integer::sum);
                try (Tensor x = cl.tensor(ref.x, g.inputShape()); Tensor w = cl.tensor(ref.w, g.weightShape());
                        Tensor b = cl.tensor(ref.b, g.k()); Tensor bc = cl.tensor(ref.bc, g.c());
                        Tensor dy = cl.tensor(ref.dy, g.outputShape());
                        Tensor y = conv.forward(a, x, w, b, g);
                        Tensor dx = conv.backwardData(a, dy, w, bc, g);
                        Tensor dw = conv.backwardFilter(a, x, dy, g)) {
                    close(a + " forward " + c, ref.y, y.toArray());
                    close(a + " backward data " + c, ref.dx, dx.toArray());
                    close(a + " backward filter " + c, ref.dw, dw.toArray());
                }
            }
        }
        for (ConvAlgorithm a : ConvAlgorithm.values()) {
            assertTrue(runs.getOrDefault(a, 0) >= TestShapes.count(20, 2), "algorithm " + a + " ran on " + runs.get(a) + " geometries");
        }
    }

    /**
     * Layers with 16 channels and more, through the algorithms the backend chooses by itself
     * (Winograd's on CPUs, its weight gradient too from 64 channels), at the standard tolerance of 1e-5
     * of the largest value: Winograd's larger rounding still fits it at these reduction lengths (up to
     * 64*9 terms, 264 positions for the weight gradient).
     */
    @Test
    void wideLayersThroughTheChosenAlgorithms() {
        OpenClBackend cl = TestBackends.openCl();
        OpenClConvolution conv = (OpenClConvolution) cl.convolution();
        Random rnd = new Random(3);
        int[][] shapes = {{2, 16, 16, 12, 12, 1}, {2, 32, 24, 9, 7, 0}, {1, 20, 16, 10, 10, 2}, {3, 16, 32, 5, 6, 1},
            {2, 64, 64, 12, 11, 1}, {1, 64, 80, 7, 9, 0}};
        shapes = Arrays.copyOf(shapes, TestShapes.count(shapes.length, 3)); // small mode: the first three
        var selector = conv.kernels().selector();
        boolean cpu = cl.context().device().type() == DeviceType.CPU;
        for (int[] s : shapes) {
            ConvGeometry g = ConvGeometry.forward("test", new int[] {s[0], s[1], s[3], s[4]},
                    new int[] {s[2], s[1], 3, 3}, ConvParams.defaults().padding(s[5]));
            if (cpu && !selector.tuned().containsKey(ConvShapeClass.of(g).key())) { // untuned: the CPU rules
                assertEquals(ConvAlgorithm.WINOGRAD, selector.forward(g), "Winograd chosen on a CPU");
            }
            Reference ref = Reference.of(TestBackends.java(), g, rnd);
            try (Tensor x = cl.tensor(ref.x, g.inputShape()); Tensor w = cl.tensor(ref.w, g.weightShape());
                    Tensor b = cl.tensor(ref.b, g.k()); Tensor bc = cl.tensor(ref.bc, g.c());
                    Tensor dy = cl.tensor(ref.dy, g.outputShape()); Tensor y = conv.forward(x, w, b, g);
                    Tensor dx = conv.backwardData(dy, w, bc, g); Tensor dw = conv.backwardFilter(x, dy, g)) {
                String what = Arrays.toString(s) + " " + selector.forward(g);
                close("forward " + what, ref.y, y.toArray());
                close("backward data " + what, ref.dx, dx.toArray());
                close("backward filter " + what, ref.dw, dw.toArray());
            }
        }
    }

    /**
     * The depthwise 3x3 stride-1 row-strip kernel (float8 vectors), forward and, with rotated filters,
     * input gradient (channel multiplier 1), against the Java reference: widths below, at and past multiples of 8 (partial vectors, windows past both row
     * ends), paddings 0 to 3, channel multipliers, and strips of 1 to 8 rows; rows 0 is the general kernel.
     */
    @Test
    void depthwiseThreeByThreeStripsAgree() {
        OpenClBackend cl = TestBackends.openCl();
        ClContext ctx = cl.context();
        Random rnd = new Random(17);
        int wg = DepthwiseConv2dKernels.Tuning.SPEC.defaults(ctx.device()).workGroup();
        for (int rows : new int[] {0, 1, 3, 4, 8}) {
            DepthwiseConv2dKernels kernels = new DepthwiseConv2dKernels(ctx, new DepthwiseConv2dKernels.Tuning(8, 8, wg,
                    rows));
            for (int trial = 0; trial < TestShapes.count(12, 3); trial++) {
                int c = 1 + rnd.nextInt(5), mult = 1 + rnd.nextInt(2), ph = rnd.nextInt(4), pw = rnd.nextInt(4);
                int h = 1 + rnd.nextInt(20), w = 1 + rnd.nextInt(27);
                if (h + 2 * ph < 3 || w + 2 * pw < 3) {
                    continue; // an empty output
                }
                ConvGeometry g = ConvGeometry.forward("test", new int[] {1 + rnd.nextInt(3), c, h, w},
                        new int[] {c * mult, 1, 3, 3}, ConvParams.defaults().padding(ph, pw).groups(c));
                Reference ref = Reference.of(TestBackends.java(), g, rnd);
                try (Buffer x = ctx.upload(ref.x); Buffer wb = ctx.upload(ref.w); Buffer b = ctx.upload(ref.b);
                        Buffer bc = ctx.upload(ref.bc); Buffer dy = ctx.upload(ref.dy);
                        Buffer y = ctx.allocate(g.outputSize()); Buffer dx = ctx.allocate(g.inputSize())) {
                    kernels.forward(g, x, wb, trial % 2 == 0 ? b : null, y);
                    kernels.backwardData(g, dy, wb, bc, dx);
                    close("depthwise 3x3 backward data rows " + rows + " " + g, ref.dx, ctx.read(dx));
                    float[] expected = ref.y.clone();
                    if (trial % 2 != 0) {
                        int q = g.ho() * g.wo();
                        for (int i = 0; i < expected.length; i++) {
                            expected[i] -= ref.b[(i / q) % g.k()];
                        }
                    }
                    close("depthwise 3x3 rows " + rows + " " + g, expected, ctx.read(y));
                }
            }
        }
    }

    /**
     * Dilated 3x3 stride-1 convolutions (dilations 2 and 3, also different across and down) through
     * Winograd, against the Java reference, on both of its paths: sizes and paddings that the dilation
     * divides (split into phase images, {@link WinogradConv2dKernels#splitsIntoPhases}) and those it does
     * not, or transposed with output padding (gathered by the transforms); with both vector widths of
     * the transforms, several work-group sizes, and budgets that split the batch of phase images into
     * chunks.
     */
    @Test
    void dilatedWinogradPhasesAndGathersAgree() {
        OpenClBackend cl = TestBackends.openCl();
        ClContext ctx = cl.context();
        GemmKernels gemm = new GemmKernels(ctx);
        Random rnd = new Random(23);
        int phased = 0, gathered = 0, dilation3 = 0, chunked = 0;
        for (int trial = 0; trial < TestShapes.count(60, 12); trial++) {
            int dh = 2 + rnd.nextInt(2), dw = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : dh;
            boolean divides = trial % 2 == 0;
            // Divisible: sizes and paddings multiples of the dilation; else anything.
            int side = TestShapes.count(20, 10), channels = TestShapes.count(20, 6);
            int h = divides ? dh * (1 + rnd.nextInt(side / 2 - 2)) : 1 + rnd.nextInt(side);
            int w = divides ? dw * (1 + rnd.nextInt(side / 2 - 2)) : 1 + rnd.nextInt(side);
            int ph = divides ? dh * rnd.nextInt(3) : rnd.nextInt(5), pw = divides ? dw * rnd.nextInt(3) : rnd.nextInt(5);
            boolean transposed = rnd.nextInt(4) == 0;
            ConvParams p = ConvParams.defaults().padding(ph, pw).dilation(dh, dw);
            if (transposed && !divides) {
                p = p.outputPadding(rnd.nextInt(dh), rnd.nextInt(dw));
            }
            var c = new ConvDifferentialTest.Config(1 + rnd.nextInt(3), 1 + rnd.nextInt(channels), 1 + rnd.nextInt(channels), h, w,
                    3, 3, p, transposed);
            ConvGeometry g;
            try {
                g = c.geometry();
            } catch (IllegalArgumentException empty) {
                continue;
            }
            boolean phases = WinogradConv2dKernels.splitsIntoPhases(g);
            phased += phases ? 1 : 0;
            gathered += phases ? 0 : 1;
            dilation3 += g.dh() == 3 || g.dw() == 3 ? 1 : 0;
            // One or two phase images' transforms per chunk, or the default budget.
            long perImage = 16L * Math.max(g.c(), g.k()) * (g.h() / 2 + 2) * (g.w() / 2 + 2);
            long budget = trial % 3 == 0 ? perImage : trial % 3 == 1 ? 2 * perImage + 1 : 1L << 21;
            chunked += budget < (long) g.n() * g.dh() * g.dw() * perImage ? 1 : 0;
            WinogradConv2dKernels wino = new WinogradConv2dKernels(ctx, gemm,
                    new WinogradConv2dKernels.Tuning(rnd.nextBoolean() ? 4 : 8, 1 + rnd.nextInt(8), budget));
            Reference ref = Reference.of(TestBackends.java(), g, rnd);
            String what = "winograd " + (phases ? "phases " : "gather ") + c;
            try (Buffer x = ctx.upload(ref.x); Buffer wb = ctx.upload(ref.w); Buffer b = ctx.upload(ref.b);
                    Buffer bc = ctx.upload(ref.bc); Buffer dy = ctx.upload(ref.dy);
                    Buffer y = ctx.allocate(g.outputSize()); Buffer dx = ctx.allocate(g.inputSize());
                    Buffer dwb = ctx.upload(gaussian(rnd, (int) g.weightSize()))) {
                wino.forward(g, x, wb, b, y);
                wino.backwardData(g, dy, wb, bc, dx);
                wino.backwardFilter(g, x, dy, dwb);
                close(what + " forward", ref.y, ctx.read(y));
                close(what + " backward data", ref.dx, ctx.read(dx));
                close(what + " backward filter", ref.dw, ctx.read(dwb));
            }
        }
        assertTrue(phased >= TestShapes.count(20, 2) && gathered >= TestShapes.count(20, 2)
                && dilation3 >= TestShapes.count(15, 1) && chunked >= TestShapes.count(10, 1), "coverage: " + phased
                + " split into phases, " + gathered + " gathered, " + dilation3 + " with dilation 3, " + chunked
                + " chunked");
    }

    /** 3x3 convolutions with stride 1, dilation 1, one group: random sizes, paddings, transposed or not. */
    private static List<ConvDifferentialTest.Config> threeByThreeStrideOne(Random rnd, int count) {
        List<ConvDifferentialTest.Config> out = new ArrayList<>();
        while (out.size() < count) {
            int ph = rnd.nextInt(4), pw = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : ph;
            var c = new ConvDifferentialTest.Config(1 + rnd.nextInt(3), 1 + rnd.nextInt(6), 1 + rnd.nextInt(6),
                    1 + rnd.nextInt(12), 1 + rnd.nextInt(12), 3, 3, ConvParams.defaults().padding(ph, pw),
                    rnd.nextInt(4) == 0);
            try {
                c.geometry();
            } catch (IllegalArgumentException empty) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The im2col path with a column budget of a few images and a small parallelism target, so that
     * batches run in several chunks (a short last one included) and weight gradients split into partial
     * sums; and with other GEMM tiles, the local-memory kernel among them.
     */
    @Test
    void im2colChunksSplitsAndTilesAgree() {
        OpenClBackend cl = TestBackends.openCl();
        ClContext ctx = cl.context();
        JavaBackend java = TestBackends.java();
        Random rnd = new Random(5);
        GemmKernels.Tuning[] tiles = {GemmKernels.Tuning.SPEC.defaults(ctx.device()),
            new GemmKernels.Tuning(3, 8, 4, 2, false, 1, 32, true), new GemmKernels.Tuning(2, 8, 8, 4, true, 4, 4, false)};
        int[][] shapes = { // n, cin, cout, h, w, k, stride, pad, dilation, groups
            {7, 5, 6, 9, 8, 3, 1, 1, 1, 1}, {5, 4, 8, 11, 7, 3, 2, 1, 1, 2}, {6, 3, 5, 10, 10, 3, 1, 2, 2, 1},
            {9, 6, 4, 7, 9, 2, 1, 0, 1, 1}, {4, 2, 3, 12, 5, 5, 3, 2, 1, 1}};
        shapes = Arrays.copyOf(shapes, TestShapes.count(shapes.length, 2));
        for (GemmKernels.Tuning t : tiles) {
            GemmKernels gemm = new GemmKernels(ctx, t);
            for (int[] s : shapes) {
                ConvParams p = ConvParams.defaults().stride(s[6]).padding(s[7]).dilation(s[8]).groups(s[9]);
                ConvGeometry g = ConvGeometry.forward("test", new int[] {s[0], s[1], s[3], s[4]},
                        new int[] {s[2], s[1] / s[9], s[5], s[5]}, p);
                long perImage = (long) g.groups() * g.cPerGroup() * g.kh() * g.kw() * g.ho() * g.wo();
                for (int images : TestShapes.small() ? new int[] {2} : new int[] {1, 2, 3}) {
                    var tuning = new Im2colConv2dKernels.Tuning(1 + rnd.nextInt(9), images * perImage,
                            1 + rnd.nextInt(1000), 16, new int[] {1, 3, 32}[rnd.nextInt(3)]);
                    ConvKernels kernels = new ConvKernels(new Conv2dKernels(ctx), new DepthwiseConv2dKernels(ctx),
                            new PointwiseConv2dKernels(gemm), new Im2colConv2dKernels(ctx, gemm, tuning),
                            new WinogradConv2dKernels(ctx, gemm),
                            ConvSelector.rules(ctx.device().type()));
                    Reference ref = Reference.of(java, g, rnd);
                    String what = "im2col " + Arrays.toString(s) + " " + t + " " + tuning;
                    try (Buffer x = ctx.upload(ref.x); Buffer w = ctx.upload(ref.w); Buffer b = ctx.upload(ref.b);
                            Buffer bc = ctx.upload(ref.bc); Buffer dy = ctx.upload(ref.dy);
                            Buffer y = ctx.allocate(g.outputSize()); Buffer dx = ctx.allocate(g.inputSize());
                            Buffer dw = ctx.upload(gaussian(rnd, (int) g.weightSize()))) {
                        kernels.forward(ConvAlgorithm.IM2COL_GEMM, g, x, w, b, y);
                        kernels.backwardData(ConvAlgorithm.IM2COL_GEMM, g, dy, w, bc, dx);
                        kernels.backwardFilter(ConvAlgorithm.IM2COL_GEMM, g, x, dy, dw);
                        close(what + " forward", ref.y, ctx.read(y));
                        close(what + " backward data", ref.dx, ctx.read(dx));
                        close(what + " backward filter", ref.dw, ctx.read(dw));
                    }
                }
            }
        }
    }

    /** Random operands of one geometry and the Java backend's results on them. */
    record Reference(float[] x, float[] w, float[] b, float[] bc, float[] dy, float[] y, float[] dx, float[] dw) {
        static Reference of(JavaBackend java, ConvGeometry g, Random rnd) {
            float[] x = gaussian(rnd, (int) g.inputSize()), w = gaussian(rnd, (int) g.weightSize());
            float[] b = gaussian(rnd, g.k()), bc = gaussian(rnd, g.c()), dy = gaussian(rnd, (int) g.outputSize());
            ConvolutionOps ops = java.convolution();
            try (Tensor tx = java.tensor(x, g.inputShape()); Tensor tw = java.tensor(w, g.weightShape());
                    Tensor tb = java.tensor(b, g.k()); Tensor tbc = java.tensor(bc, g.c());
                    Tensor tdy = java.tensor(dy, g.outputShape()); Tensor y = ops.forward(tx, tw, tb, g);
                    Tensor dx = ops.backwardData(tdy, tw, tbc, g); Tensor dw = ops.backwardFilter(tx, tdy, g)) {
                return new Reference(x, w, b, bc, dy, y.toArray(), dx.toArray(), dw.toArray());
            }
        }
    }
}
