package org.lamina.opencl.conv;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code depthwise_conv2d.cl}: convolutions with one input channel per group (groups == C),
 * any channel multiplier, stride, padding and dilation. No loop over channels and no wasted tile
 * rows, unlike the direct kernel with one channel per group.
 */
public final class DepthwiseConv2dKernels extends KernelFamily<DepthwiseConv2dKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "depthwise";
    static final ProgramSource SOURCE = source(DepthwiseConv2dKernels.class, "depthwise_conv2d.cl");

    /**
     * Output (forward) and input (backward) columns per work-item, the work-group size, and the output
     * rows per work-item of the 3x3 stride-1 forward kernel (0: such layers take the general kernel).
     */
    public record Tuning(int oxTile, int ixTile, int workGroup, int rows3x3) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("oxTile", 1, 32).define("OX_TILE"), integer("ixTile", 1, 32).define("IX_TILE"),
                workGroupSize("workGroup"), integer("rows3x3", 0, 16).define("ROWS", rows -> Math.max(1, rows)));

        public Tuning {
            SPEC.check(oxTile, ixTile, workGroup, rows3x3);
        }
    }

    private final Kernel forward = kernel("depthwise_forward");
    private final Kernel forward3x3 = kernel("depthwise3x3_forward");
    private final Kernel backwardData = kernel("depthwise_backward_data");
    private final Kernel backwardFilter = kernel("depthwise_backward_filter");

    public DepthwiseConv2dKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public DepthwiseConv2dKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** {@code y = depthwise_conv(x, w) + bias}; {@code bias} may be null. */
    public void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        requireDepthwise(g);
        Conv2dKernels.checkSizes(g, name(), x, w, bias, y, g.k());
        if (strips(g)) {
            strips(g.n(), x, w, bias, y, g.c(), g.h(), g.w(), g.k(), g.ho(), g.wo(), g.ph(), g.pw(), false);
            return;
        }
        forward.args().buffer(x).buffer(w).buffer(bias).buffer(y).i(g.n()).i(g.c()).i(g.h()).i(g.w()).i(g.k())
                .i(g.ho()).i(g.wo()).i(g.kh()).i(g.kw()).i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw())
                .i(bias != null ? 1 : 0)
                .launch1D((long) g.n() * g.k() * g.ho() * Launch.blocks(g.wo(), tuning().oxTile()),
                        tuning().workGroup());
    }

    /** {@code dx} from {@code dy}, plus a per-channel bias of {@code dx} when not null. */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        requireDepthwise(g);
        requireSize("grad_output", dy, g.outputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("grad_input", dx, g.inputSize());
        if (bias != null) {
            requireSize("bias", bias, g.c());
        }
        if (strips(g) && g.k() == g.c()) {
            // One output channel per input channel: dx is dy convolved with the rotated filters, padding 2 - p.
            strips(g.n(), dy, w, bias, dx, g.k(), g.ho(), g.wo(), g.c(), g.h(), g.w(), 2 - g.ph(), 2 - g.pw(), true);
            return;
        }
        backwardData.args().buffer(dy).buffer(w).buffer(bias).buffer(dx).i(g.n()).i(g.c()).i(g.h()).i(g.w()).i(g.k())
                .i(g.ho()).i(g.wo()).i(g.kh()).i(g.kw()).i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw())
                .i(bias != null ? 1 : 0)
                .launch1D((long) g.n() * g.c() * g.h() * Launch.blocks(g.w(), tuning().ixTile()), tuning().workGroup());
    }

    /** {@code dw}, overwritten. */
    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requireDepthwise(g);
        requireSize("input", x, g.inputSize());
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_weight", dw, g.weightSize());
        backwardFilter.args().buffer(x).buffer(dy).buffer(dw).i(g.n()).i(g.c()).i(g.h()).i(g.w()).i(g.k()).i(g.ho())
                .i(g.wo()).i(g.kh()).i(g.kw()).i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw())
                .launch1D((long) g.k() * g.kh() * g.kw(), tuning().workGroup());
    }

    /** Whether the 3x3 stride-1 row-strip kernel serves {@code g}. */
    private boolean strips(ConvGeometry g) {
        return tuning().rows3x3() > 0 && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1
                && g.dw() == 1;
    }

    /** {@code depthwise3x3_forward} from {@code in} ({@code c x h x w}) into {@code out} ({@code k x ho x wo}). */
    private void strips(int n, Buffer in, Buffer w, Buffer bias, Buffer out, int c, int h, int wd, int k, int ho,
            int wo, int ph, int pw, boolean flip) {
        // Work-groups of 4 column blocks of one strip: they share x's cache lines (faster than wider
        // groups or single items: docs/kernels.md, measurements).
        long[] local = {Math.min(4, forward3x3.maxWorkGroupSize()), 1, 1};
        forward3x3.args().buffer(in).buffer(w).buffer(bias).buffer(out).i(c).i(h).i(wd).i(k).i(ho).i(wo).i(ph).i(pw)
                .i(bias != null ? 1 : 0).i(flip ? 1 : 0)
                .launch(new long[] {Launch.blocks(wo, 8), Launch.blocks(ho, tuning().rows3x3()), (long) n * k}, local);
    }

    private static void requireDepthwise(ConvGeometry g) {
        if (!g.isDepthwise()) {
            throw new IllegalArgumentException("depthwise conv2d: groups " + g.groups() + " must equal in_channels "
                    + g.c());
        }
    }
}
