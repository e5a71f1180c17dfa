package org.lamina.opencl.conv;

import static org.lamina.opencl.tuning.TuningSpec.count;
import static org.lamina.opencl.tuning.TuningSpec.oneOf;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import java.util.Map;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.MatrixView;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Winograd F(2x2, 3x3) for 3x3 convolutions with stride 1 and one group, any padding and dilation
 * ({@code winograd.cl} plus {@link GemmKernels}): the weights and 4x4 input patches are transformed
 * into 16 points, the sum over channels becomes 16 matrix products, and an output transform turns
 * each point set back into a 2x2 block of outputs (adding the bias). The products take 16
 * multiplications per 2x2 outputs where im2col + GEMM takes 36. From 8x8 outputs ({@link #usesF4})
 * the forward pass and the input gradient use F(4x4, 3x3) instead ({@code winograd4.cl}): 6x6
 * patches, 36 points, 36 multiplications per 4x4 outputs.
 *
 * <p>The input gradient is the same algorithm: a 3x3 stride-1 convolution of {@code dy} with the
 * filters rotated by 180 degrees and transposed (input and output channels swapped), padding
 * {@code 2d - p} for dilation d. A dilated convolution is d x d undilated ones, on every d-th row and
 * column: where the dilation divides the sizes and the padding, the images are split into those phase
 * images first ({@link DilationPhases}) and the undilated path runs on them with its vector loads;
 * otherwise the transforms gather the values. The weight gradient is F(3x3, 2x2): the
 * same 4x4 input patches against the 2x2 tiles of {@code dy}, with the sum over tiles as the
 * products' inner dimension ({@link #backwardFilter}). Weight transforms are recomputed on each call:
 * {@code 16*K*C} values, a small fraction of the work.
 *
 * <p>Rounding: the transforms add and halve values before the products, so results differ from the
 * direct sum by a few more float32 roundings of terms up to about {@code 4|x||w|}; still within the
 * differential tests' tolerance of {@code 1e-5} of the largest output. F(4x4)'s transforms weigh
 * values by up to 8, and an output's error follows its whole tile's magnitudes: about 25 float32
 * epsilons of the largest sum of {@code |x||w|} measured (docs/kernels.md).
 */
public final class WinogradConv2dKernels extends KernelFamily<WinogradConv2dKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "winograd";
    static final ProgramSource SOURCE = source(WinogradConv2dKernels.class, "winograd.cl");
    static final ProgramSource SOURCE4 = source(WinogradConv2dKernels.class, "winograd4.cl");

    /**
     * Tiles along a row per work-item of the transforms (the vector width, 4 or 8), the transforms'
     * work-group height in tile rows, the largest transformed input (or output) of one chunk of
     * images, in floats, and the output tile of the forward pass and the input gradient: 2 for
     * F(2x2, 3x3), 4 for F(4x4, 3x3), 0 to choose by shape ({@link #usesF4}).
     */
    public record Tuning(int vec, int lanes, long budget, int tile) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                oneOf("vec", 4, 8).define("VEC"), workGroupSize("lanes", 256), count("budget"), oneOf("tile", 0, 2, 4));

        /** The tile chosen by shape. */
        public Tuning(int vec, int lanes, long budget) {
            this(vec, lanes, budget, 0);
        }

        public Tuning {
            SPEC.check(vec, lanes, budget, tile);
        }
    }

    /** Floats between transform planes beyond their contents (see {@link #vPlane}). */
    private static final int PLANE_PAD = 48;
    private final GemmKernels gemm;
    private final Kernel weights = kernel("winograd_weights");
    private final Kernel input = kernel("winograd_input");
    private final Kernel output = kernel("winograd_output");
    private final Kernel dyTransform = kernel("winograd_dy");
    private final Kernel filterOutput = kernel("winograd_filter_output");
    private final Kernel weights4;
    private final Kernel input4;
    private final Kernel output4;
    private final Kernel input4Narrow;
    private final Kernel output4Narrow;
    private final DilationPhases phases;
    private Buffer u;
    private Buffer v;
    private Buffer m;
    private Buffer phasesIn;
    private Buffer phasesOut;

    public WinogradConv2dKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, Tuning.SPEC.defaults(context.device()));
    }

    public WinogradConv2dKernels(ClContext context, GemmKernels gemm, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
        this.gemm = gemm;
        Program p4 = program(SOURCE4, Tuning.SPEC.defines(tuning));
        this.weights4 = p4.kernel("winograd4_weights");
        this.input4 = p4.kernel("winograd4_input");
        this.output4 = p4.kernel("winograd4_output");
        // Images of at most 4 tiles a row (16 columns) in vectors of 4 tiles: with 8, half the lanes idle
        // and every store takes the partial path.
        Program narrow = tuning().vec() == 4 ? p4 : program(SOURCE4, Map.of("VEC", 4));
        this.input4Narrow = narrow.kernel("winograd4_input");
        this.output4Narrow = narrow.kernel("winograd4_output");
        this.phases = new DilationPhases(context);
    }

    /** Whether the algorithm computes {@code g}: 3x3, stride 1, one group (any dilation and padding). */
    public static boolean supports(ConvGeometry g) {
        return g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.groups() == 1;
    }

    /**
     * Whether {@code g} runs on its dilation phases ({@link DilationPhases}): dilated, with the dilation
     * dividing the input size and the padding (so also the output size) along each axis, and no output
     * padding. Each phase is then an undilated convolution with padding {@code p/d}, computed with the
     * transforms' vector loads; other dilated geometries gather in the transforms.
     */
    public static boolean splitsIntoPhases(ConvGeometry g) {
        int dh = g.dh(), dw = g.dw();
        return (dh > 1 || dw > 1) && g.h() % dh == 0 && g.w() % dw == 0 && g.ph() % dh == 0 && g.pw() % dw == 0
                && g.ho() == g.h() + 2 * g.ph() - 2 * dh && g.wo() == g.w() + 2 * g.pw() - 2 * dw;
    }

    /** {@code y = conv(x, w) + bias}; {@code bias} may be null. */
    public synchronized void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        require(g);
        Conv2dKernels.checkSizes(g, name(), x, w, bias, y, g.k());
        if (splitsIntoPhases(g)) {
            int dh = g.dh(), dw = g.dw();
            int tile = tile(g.c(), g.k(), g.ho() / dh, g.wo() / dw);
            int pad = g.pw() / dw, left = Math.max(0, pad), width = phaseWidth(g.w() / dw, pad, g.wo() / dw, tile);
            Buffer xs = phasesIn = context().atLeast(phasesIn, (long) g.n() * dw * g.c() * g.h() * width);
            Buffer ys = phasesOut = context().atLeast(phasesOut, g.outputSize());
            phases.split(x, g.n(), g.c(), g.h(), g.w(), dh, dw, left, width, xs);
            int images = g.n() * dh * dw;
            run(new Images(xs, images, g.c(), g.h() / dh, width), w, false, Window.undilated(g.ph() / dh, pad - left),
                    bias, new Images(ys, images, g.k(), g.ho() / dh, g.wo() / dw), tile);
            phases.merge(ys, g.n(), g.k(), g.ho(), g.wo(), dh, dw, y);
            return;
        }
        int tile = g.dh() == 1 && g.dw() == 1 ? tile(g.c(), g.k(), g.ho(), g.wo()) : 2;
        run(Images.input(x, g), w, false, new Window(g.ph(), g.pw(), g.dh(), g.dw()), bias, Images.output(y, g),
                tile);
    }

    /** {@code dx = conv^T(dy, w) + bias} (bias per channel of {@code dx}, may be null). */
    public synchronized void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        require(g);
        requireSize("grad_output", dy, g.outputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("grad_input", dx, g.inputSize());
        if (bias != null) {
            requireSize("bias", bias, g.c());
        }
        // dx[iy] = sum over ky of dy[iy + p - d ky] w[ky] = sum over ky' of dy[iy - (2d - p) + d ky'] w[2 - ky'].
        if (splitsIntoPhases(g)) {
            int dh = g.dh(), dw = g.dw();
            int tile = tile(g.k(), g.c(), g.h() / dh, g.w() / dw);
            int pad = 2 - g.pw() / dw, left = Math.max(0, pad);
            int width = phaseWidth(g.wo() / dw, pad, g.w() / dw, tile);
            Buffer dys = phasesOut = context().atLeast(phasesOut, (long) g.n() * dw * g.k() * g.ho() * width);
            Buffer dxs = phasesIn = context().atLeast(phasesIn, g.inputSize());
            phases.split(dy, g.n(), g.k(), g.ho(), g.wo(), dh, dw, left, width, dys);
            int images = g.n() * dh * dw;
            run(new Images(dys, images, g.k(), g.ho() / dh, width), w, true,
                    Window.undilated(2 - g.ph() / dh, pad - left), bias,
                    new Images(dxs, images, g.c(), g.h() / dh, g.w() / dw), tile);
            phases.merge(dxs, g.n(), g.c(), g.h(), g.w(), dh, dw, dx);
            return;
        }
        int tile = g.dh() == 1 && g.dw() == 1 ? tile(g.k(), g.c(), g.h(), g.w()) : 2;
        run(Images.output(dy, g), w, true, new Window(2 * g.dh() - g.ph(), 2 * g.dw() - g.pw(), g.dh(), g.dw()),
                bias, Images.input(dx, g), tile);
    }

    /**
     * {@code dw = sum over the batch of dy (x) x}, overwriting {@code dw}, as F(3x3, 2x2): the 2x2 tiles
     * of {@code dy} (of each phase, when dilated) and the 4x4 patches of {@code x} they read are
     * transformed into 16 points, the
     * sums over tiles are 16 products {@code K x T} times {@code T x C} (the patches stored with
     * channels contiguous), accumulated over chunks, and one output transform per filter gives its 3x3 taps.
     */
    public synchronized void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        require(g);
        requireSize("input", x, g.inputSize());
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_weight", dw, g.weightSize());
        if (g.n() == 0 || g.ho() == 0 || g.wo() == 0) {
            context().fill(dw, 0, g.weightSize(), 0f); // a sum over nothing
            return;
        }
        if (splitsIntoPhases(g)) {
            // The sum over the batch of phase images covers every phase.
            int dh = g.dh(), dwx = g.dw();
            int pad = g.pw() / dwx, left = Math.max(0, pad), width = phaseWidth(g.w() / dwx, pad, g.wo() / dwx, 2);
            Buffer xs = phasesIn = context().atLeast(phasesIn, (long) g.n() * dwx * g.c() * g.h() * width);
            Buffer dys = phasesOut = context().atLeast(phasesOut, g.outputSize());
            phases.split(x, g.n(), g.c(), g.h(), g.w(), dh, dwx, left, width, xs);
            phases.split(dy, g.n(), g.k(), g.ho(), g.wo(), dh, dwx, dys);
            int images = g.n() * dh * dwx;
            filter(new Images(xs, images, g.c(), g.h() / dh, width),
                    new Images(dys, images, g.k(), g.ho() / dh, g.wo() / dwx),
                    Window.undilated(g.ph() / dh, pad - left), dw);
            return;
        }
        filter(Images.input(x, g), Images.output(dy, g), new Window(g.ph(), g.pw(), g.dh(), g.dw()), dw);
    }

    /** The weight gradient of {@link #backwardFilter} for images {@code in} and output gradients {@code dyi}. */
    private void filter(Images in, Images dyi, Window win, Buffer dw) {
        int n = in.n(), cIn = in.channels(), hIn = in.h(), wIn = in.w();
        int cOut = dyi.channels(), hOut = dyi.h(), wOut = dyi.w();
        int padY = win.padY(), padX = win.padX(), dilY = win.dilY(), dilX = win.dilX();
        Buffer x = in.data(), dy = dyi.data();
        long plane = (long) cIn * cOut;
        int phaseY = (ceilDiv(hOut, dilY) + 1) / 2, phaseX = (ceilDiv(wOut, dilX) + 1) / 2;
        int tilesY = dilY * phaseY, tilesX = dilX * phaseX;
        long perImage = 16L * Math.max(cIn, cOut) * tilesY * tilesX;
        int chunk = (int) Math.max(1, Math.min(n, tuning().budget() / perImage));
        int t = chunk * tilesY * tilesX;
        Buffer vv = v = context().atLeast(v, 16L * vPlane(cIn, t));
        Buffer uu = m = context().atLeast(m, 16L * vPlane(cOut, t));
        Buffer mm = u = context().atLeast(u, 16 * plane);
        int blocksX = (int) Launch.blocks(phaseX, tuning().vec());
        long groups = (long) dilX * blocksX;
        long[] local = {1, Math.max(1, Math.min(tuning().lanes(), Math.min(input.maxWorkGroupSize(),
                dyTransform.maxWorkGroupSize()))), 1};
        boolean first = true;
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            int tb = nb * tilesY * tilesX;
            input.args().buffer(x).buffer(vv).i(n0).i(cIn).i(hIn).i(wIn).i(tilesY).i(tilesX).i(padY).i(padX).i(tb)
                    .l(vPlane(cIn, tb)).i(dilY).i(dilX).i(phaseY).i(phaseX).i(blocksX).i(1)
                    .launch(new long[] {groups, tilesY, (long) nb * cIn}, local);
            dyTransform.args().buffer(dy).buffer(uu).i(n0).i(cOut).i(hOut).i(wOut).i(tilesY).i(tilesX).i(tb)
                    .l(vPlane(cOut, tb)).i(dilY).i(dilX).i(phaseY).i(phaseX).i(blocksX)
                    .launch(new long[] {groups, tilesY, (long) nb * cOut}, local);
            MatrixView a = MatrixView.rowMajor(uu, 0, tb).batched(vPlane(cOut, tb), 0);
            MatrixView b = MatrixView.rowMajor(vv, 0, cIn).batched(vPlane(cIn, tb), 0);
            MatrixView c = MatrixView.rowMajor(mm, 0, cIn).batched(plane, 0);
            gemm.multiply(GemmCall.of(cOut, cIn, tb).a(a).b(b).c(c).batches(16, 1).beta(first ? 0f : 1f));
            first = false;
        }
        filterOutput.args().buffer(mm).buffer(dw).i(cOut).i(cIn)
                .launch1D(plane, Math.min(64, (int) filterOutput.maxWorkGroupSize()));
    }

    /**
     * {@code out[n, co] = sum over ci of in[n, ci] (*) f[co, ci] + bias}, a 3x3 stride-1 correlation with
     * the padding and dilation of {@code win} into the images {@code outi}, where the filters
     * {@code f} are {@code w} as stored ({@code [co, ci]}) or, with {@code flip}, {@code w} rotated and
     * stored {@code [ci, co]}; with {@code tile} 4 as F(4x4, 3x3) (undilated only), else F(2x2, 3x3).
     */
    private void run(Images ini, Buffer w, boolean flip, Window win, Buffer bias, Images outi, int tile) {
        if (ini.n() == 0 || outi.h() == 0 || outi.w() == 0) {
            return;
        }
        if (tile == 4) {
            run4(ini, w, flip, win, bias, outi);
            return;
        }
        int n = ini.n(), cIn = ini.channels(), hIn = ini.h(), wIn = ini.w();
        int cOut = outi.channels(), hOut = outi.h(), wOut = outi.w();
        int padY = win.padY(), padX = win.padX(), dilY = win.dilY(), dilX = win.dilX();
        Buffer in = ini.data(), out = outi.data();
        // Tiles per phase: half the outputs of the phase with the most (the first), rounded up.
        int phaseY = (ceilDiv(hOut, dilY) + 1) / 2, phaseX = (ceilDiv(wOut, dilX) + 1) / 2;
        int tilesY = dilY * phaseY, tilesX = dilX * phaseX;
        long perImage = 16L * Math.max(cIn, cOut) * tilesY * tilesX;
        int chunk = (int) Math.max(1, Math.min(n, tuning().budget() / perImage));
        long plane = (long) cIn * cOut;
        Buffer uu = u = context().atLeast(u, 16 * plane);
        weights.args().buffer(w).buffer(uu).i(flip ? cIn : cOut).i(flip ? cOut : cIn).i(flip ? 1 : 0)
                .launch1D(plane, Math.min(64, (int) weights.maxWorkGroupSize()));
        int t = chunk * tilesY * tilesX;
        int tn = gemm.tuning().tn(); // the products read V's rows to whole GEMM tiles, as in run4
        Buffer vv = v = context().atLeast(v, 16L * vPlane(cIn, t) + tn);
        Buffer mm = m = context().atLeast(m, 16L * vPlane(cOut, t));
        int blocksX = (int) Launch.blocks(phaseX, tuning().vec());
        long groups = (long) dilX * blocksX;
        // Work-groups along the tile rows: a row of tiles holds few blocks of VEC (one or two on 16- or
        // 32-wide images), so groups along it would leave most lanes idle, and pocl pays per group.
        long[] local = {1, Math.max(1, Math.min(tuning().lanes(), Math.min(input.maxWorkGroupSize(),
                output.maxWorkGroupSize()))), 1};
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            int tb = nb * tilesY * tilesX; // tiles of this chunk: the products' columns
            input.args().buffer(in).buffer(vv).i(n0).i(cIn).i(hIn).i(wIn).i(tilesY).i(tilesX).i(padY).i(padX).i(tb)
                    .l(vPlane(cIn, tb)).i(dilY).i(dilX).i(phaseY).i(phaseX).i(blocksX).i(0)
                    .launch(new long[] {groups, tilesY, (long) nb * cIn}, local);
            points(16, uu, plane, vv, mm, cIn, cOut, tb);
            output.args().buffer(mm).buffer(bias).buffer(out).i(n0).i(cOut).i(hOut).i(wOut).i(tilesY).i(tilesX).i(tb)
                    .l(vPlane(cOut, tb)).i(bias != null ? 1 : 0).i(dilY).i(dilX).i(phaseY).i(phaseX).i(blocksX)
                    .launch(new long[] {groups, tilesY, (long) nb * cOut}, local);
        }
    }

    /** {@link #run} as F(4x4, 3x3), undilated: 36 points, tiles of 4x4 outputs reading 6x6 patches. */
    private void run4(Images ini, Buffer w, boolean flip, Window win, Buffer bias, Images outi) {
        int n = ini.n(), cIn = ini.channels(), hIn = ini.h(), wIn = ini.w();
        int cOut = outi.channels(), hOut = outi.h(), wOut = outi.w();
        int padY = win.padY(), padX = win.padX();
        Buffer in = ini.data(), out = outi.data();
        int tilesY = ceilDiv(hOut, 4), tilesX = ceilDiv(wOut, 4);
        long perImage = 36L * Math.max(cIn, cOut) * tilesY * tilesX;
        int chunk = (int) Math.max(1, Math.min(n, tuning().budget() / perImage));
        // A chunk's tiles to a multiple of the GEMM's columns where a rounding of the chunk gets there:
        // 256 channels at 16x16 fit 3 images (48 tiles, a quarter of the column tile computed for
        // nothing); 4 images (64) go 12% over the budget.
        int tn = gemm.tuning().tn();
        int per = tilesY * tilesX, q = tn / gcd(tn, per);
        if (q <= n) {
            chunk = Math.min(n, Math.max(q, Math.round((float) chunk / q) * q));
        }
        long filters = (long) cIn * cOut, plane = vPlane(cIn, cOut);
        Buffer uu = u = context().atLeast(u, 36 * plane);
        weights4.args().buffer(w).buffer(uu).i(flip ? cIn : cOut).i(flip ? cOut : cIn).i(flip ? 1 : 0).l(plane)
                .launch1D(filters, Math.min(64, (int) weights4.maxWorkGroupSize()));
        int t = chunk * tilesY * tilesX;
        // The products may read V's rows up to whole tiles of the GEMM's columns (the next row's values,
        // computed and dropped), so that a chunk whose tiles are not a multiple of them (14 images of 16
        // tiles: 224 columns) still loads whole vectors at its edge (its scalar edge path is slower:
        // docs/kernels.md, measurements).
        Buffer vv = v = context().atLeast(v, 36L * vPlane(cIn, t) + tn);
        Buffer mm = m = context().atLeast(m, 36L * vPlane(cOut, t));
        int vec = vec4(tilesX);
        Kernel input4 = vec == tuning().vec() ? this.input4 : input4Narrow;
        Kernel output4 = vec == tuning().vec() ? this.output4 : output4Narrow;
        int blocksX = (int) Launch.blocks(tilesX, vec);
        long[] local = {1, Math.max(1, Math.min(tuning().lanes(), Math.min(input4.maxWorkGroupSize(),
                output4.maxWorkGroupSize()))), 1};
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            int tb = nb * tilesY * tilesX;
            input4.args().buffer(in).buffer(vv).i(n0).i(cIn).i(hIn).i(wIn).i(tilesY).i(tilesX).i(padY).i(padX).i(tb)
                    .l(vPlane(cIn, tb)).i(blocksX).launch(new long[] {blocksX, tilesY, (long) nb * cIn}, local);
            points(36, uu, plane, vv, mm, cIn, cOut, tb);
            output4.args().buffer(mm).buffer(bias).buffer(out).i(n0).i(cOut).i(hOut).i(wOut).i(tilesY).i(tilesX).i(tb)
                    .l(vPlane(cOut, tb)).i(bias != null ? 1 : 0).i(blocksX)
                    .launch(new long[] {blocksX, tilesY, (long) nb * cOut}, local);
        }
    }

    /**
     * {@code M[xi] = U[xi] V[xi]} for each of the {@code points}, {@code U}'s planes {@code plane} floats
     * apart, over {@code tb} tiles; the products read V's rows to whole GEMM tiles (the buffers hold them).
     */
    private void points(int points, Buffer uu, long plane, Buffer vv, Buffer mm, int cIn, int cOut, int tb) {
        int tn = gemm.tuning().tn();
        MatrixView a = MatrixView.rowMajor(uu, 0, cIn).batched(plane, 0);
        MatrixView b = MatrixView.rowMajor(vv, 0, tb).batched(vPlane(cIn, tb), 0);
        MatrixView c = MatrixView.rowMajor(mm, 0, tb).batched(vPlane(cOut, tb), 0);
        int readable = (int) Launch.blocks(tb, tn) * tn;
        gemm.multiply(GemmCall.of(cOut, tb, cIn).a(a).b(b).c(c).batches(points, 1).bReadable(readable));
    }

    /** {@code n} images of {@code channels x h x w} values in {@code data}, the in or out side of a pass. */
    private record Images(Buffer data, int n, int channels, int h, int w) {
        static Images input(Buffer data, ConvGeometry g) {
            return new Images(data, g.n(), g.c(), g.h(), g.w());
        }

        static Images output(Buffer data, ConvGeometry g) {
            return new Images(data, g.n(), g.k(), g.ho(), g.wo());
        }
    }

    /** The padding and dilation of a 3x3 stride-1 pass. */
    private record Window(int padY, int padX, int dilY, int dilX) {
        static Window undilated(int padY, int padX) {
            return new Window(padY, padX, 1, 1);
        }
    }

    /** The tiles per work-item of F(4x4)'s transforms for rows of {@code tilesX} tiles. */
    private int vec4(int tilesX) {
        return tilesX <= 4 ? 4 : tuning().vec();
    }

    /**
     * The output tile of an undilated pass from {@code cIn} to {@code cOut} channels into
     * {@code hOut x wOut}: the tuning's, or by shape ({@link #usesF4}).
     */
    private int tile(int cIn, int cOut, int hOut, int wOut) {
        if (tuning().tile() != 0) {
            return tuning().tile();
        }
        return usesF4(cIn, cOut, hOut, wOut) ? 4 : 2;
    }

    /**
     * Whether F(4x4, 3x3) is chosen for an undilated pass (dilated ones by their phases) from
     * {@code cIn} to {@code cOut} channels into {@code hOut x wOut} outputs: from 8 x 8 outputs up,
     * unless the 4x4 tiles overhang the outputs by more than 40% of their area (10 x 10: 44%, where
     * 2x2 tiles fit exactly). Interleaved in one process on pocl (2-core EPYC, batch 32, default
     * tuning, 9 rounds, medians; ms forward F(2x2) / F(4x4)): 64@32 11.8 / 7.6, dilation 2 64@32
     * (16x16 phases) 15.0 / 11.0, 128@16 9.0 / 6.0, 256@16 30.2 / 21.1, 128@12 6.6 / 4.8, 256@12
     * 22.6 / 16.6, 64@8 1.18 / 0.92, 128@8 5.3 / 3.4, 256@8 9.6 / 7.5, 512@8 33.3 / 25.8 (the input
     * gradient alike or closer: 256@8 9.8 / 9.7); but 128@10 5.1 / 4.8, 256@10 17.1 / 17.9 (input
     * gradient 17.6 / 19.9), 256@6 10.9 / 11.0 (11.2 / 13.0), 512@4 18.4 / 23.9 (24.4 / 38.2).
     */
    public static boolean usesF4(int cIn, int cOut, int hOut, int wOut) {
        long covered = (long) ceilDiv(hOut, 4) * 4 * ceilDiv(wOut, 4) * 4;
        return hOut >= 8 && wOut >= 8 && covered * 10 <= 14L * hOut * wOut;
    }

    /**
     * The width of the phase rows that the input transform reads for an undilated pass from {@code wIn}
     * to {@code wOut} columns with padding {@code pad} and output tiles of {@code tile} columns: the
     * values after a margin of {@code max(0, pad)} zeros, and enough zeros after them that every block
     * of {@code VEC} tiles lies inside the row, so that the transform loads whole vectors instead of
     * testing each column against the row's ends (about 20% of the transform's time at 32 columns).
     */
    private int phaseWidth(int wIn, int pad, int wOut, int tile) {
        int vec = tile == 4 ? vec4(ceilDiv(wOut, 4)) : tuning().vec();
        int blocks = (int) Launch.blocks(ceilDiv(wOut, tile), vec);
        // F(2x2) loads 2*VEC + 2 values from a block's start, F(4x4) two runs of 4*VEC, 4 apart.
        int run = tile == 4 ? 4 * vec + 4 : 2 * vec + 2;
        int reach = tile * (blocks - 1) * vec - Math.min(0, pad) + run;
        return Math.max(wIn + Math.max(0, pad), reach);
    }

    /**
     * The distance between two transform points' planes of {@code channels x tiles} values: padded by
     * a cache line and a bit, since planes a power of two apart fall on the same cache sets and the
     * transforms touch all 16 at once.
     */
    static long vPlane(int channels, int tiles) {
        return (long) channels * tiles + PLANE_PAD;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void require(ConvGeometry g) {
        if (!supports(g)) {
            throw new IllegalArgumentException("conv2d (winograd): needs a 3x3 kernel, stride 1 and one group, not "
                    + g.kh() + "x" + g.kw() + " stride (" + g.sh() + ", " + g.sw() + ") groups " + g.groups());
        }
    }
}
