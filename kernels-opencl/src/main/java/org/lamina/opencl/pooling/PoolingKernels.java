package org.lamina.opencl.pooling;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code pooling.cl}: max pooling with argmax indices, average pooling, adaptive and global
 * average pooling, forward and backward. Backward passes are gathers (each input value sums the
 * gradients of the windows that reach it), so they need neither atomics nor a zeroed output.
 */
public final class PoolingKernels extends KernelFamily<PoolingKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "pooling";
    static final ProgramSource SOURCE = source(PoolingKernels.class, "pooling.cl");

    /**
     * Output columns per work-item (forward), input columns per work-item (backward), the work-group
     * size, and the work-group size of the global-average reduction (a power of two).
     */
    public record Tuning(int oxTile, int ixTile, int workGroup, int reduceWorkGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("oxTile", 1, 32).define("OX_TILE"), integer("ixTile", 1, 32).define("IX_TILE"),
                workGroupSize("workGroup"), powerOfTwo("reduceWorkGroup").define("REDUCE_WG"));

        public Tuning {
            SPEC.check(oxTile, ixTile, workGroup, reduceWorkGroup);
        }
    }

    private final Kernel maxForward = kernel("max_pool2d_forward");
    private final Kernel maxBackward = kernel("max_pool2d_backward");
    private final Kernel max2x2Forward = kernel("max_pool2d_2x2_forward");
    private final Kernel max2x2Backward = kernel("max_pool2d_2x2_backward");
    private final Kernel avgForward = kernel("avg_pool2d_forward");
    private final Kernel avgBackward = kernel("avg_pool2d_backward");
    private final Kernel adaptiveForward = kernel("adaptive_avg_pool2d_forward");
    private final Kernel globalForward = kernel("global_avg_pool2d_forward");
    private final Kernel adaptiveBackward = kernel("adaptive_avg_pool2d_backward");

    public PoolingKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public PoolingKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * {@code y} = the window maxima, {@code indices} = the flat index {@code h*W+w} of each maximum
     * in its unpadded input plane, as float32.
     */
    public void maxForward(PoolGeometry g, Buffer x, Buffer y, Buffer indices) {
        requireSize("input", x, g.inputSize());
        requireSize("output", y, g.outputSize());
        requireSize("indices", indices, g.outputSize());
        if (tiles2x2(g)) {
            max2x2Forward.args().buffer(x).buffer(y).buffer(indices).i(g.planes()).i(g.h()).i(g.w()).i(g.ho())
                    .i(g.wo()).launch1D((long) g.planes() * g.ho(), tuning().workGroup());
            return;
        }
        args(maxForward, g, x, y, indices).launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning().workGroup());
    }

    /**
     * Whether the windows are 2x2 with stride 2, no padding and no partial windows: they tile the
     * input, and the dedicated kernels (no clipping, no window search; docs/kernels.md, measurements) apply.
     */
    static boolean tiles2x2(PoolGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.ph() == 0 && g.pw() == 0
                && g.ho() == g.h() / 2 && g.wo() == g.w() / 2;
    }

    /** {@code dx} (overwritten): each output gradient goes to its window's argmax. */
    public void maxBackward(PoolGeometry g, Buffer dy, Buffer indices, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("indices", indices, g.outputSize());
        requireSize("grad_input", dx, g.inputSize());
        if (tiles2x2(g)) {
            max2x2Backward.args().buffer(dy).buffer(indices).buffer(dx).i(g.planes()).i(g.h()).i(g.w()).i(g.ho())
                    .i(g.wo()).launch1D((long) g.planes() * g.h(), tuning().workGroup());
            return;
        }
        args(maxBackward, g, dy, indices, dx).launch1D(inputItems(g.planes(), g.h(), g.w()), tuning().workGroup());
    }

    /** {@code y} = the window means, divided as {@link PoolGeometry#avgRows} describes. */
    public void avgForward(PoolGeometry g, boolean countIncludePad, Buffer x, Buffer y) {
        requireSize("input", x, g.inputSize());
        requireSize("output", y, g.outputSize());
        args(avgForward, g, x, y, null).i(countIncludePad ? 1 : 0)
                .launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning().workGroup());
    }

    /** {@code dx} (overwritten): each output gradient spread evenly over its window's divisor. */
    public void avgBackward(PoolGeometry g, boolean countIncludePad, Buffer dy, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_input", dx, g.inputSize());
        args(avgBackward, g, dy, dx, null).i(countIncludePad ? 1 : 0)
                .launch1D(inputItems(g.planes(), g.h(), g.w()), tuning().workGroup());
    }

    /** {@code y} = the cell means; a 1x1 output takes a work-group reduction per plane. */
    public void adaptiveForward(AdaptivePoolGeometry g, Buffer x, Buffer y) {
        requireSize("input", x, g.inputSize());
        requireSize("output", y, g.outputSize());
        if (g.isGlobal()) {
            int wg = tuning().reduceWorkGroup();
            if (globalForward.maxWorkGroupSize() < wg) {
                throw new IllegalStateException("global average pooling: the device allows work-groups of "
                        + globalForward.maxWorkGroupSize() + " for this kernel, the tuning asks for " + wg);
            }
            globalForward.args().buffer(x).buffer(y).i(g.planes()).i(g.h() * g.w())
                    .launch(new long[] {(long) g.planes() * wg}, new long[] {wg});
        } else {
            adaptiveForward.args().buffer(x).buffer(y).i(g.planes()).i(g.h()).i(g.w()).i(g.ho()).i(g.wo())
                    .launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning().workGroup());
        }
    }

    /** {@code dx} (overwritten): each output gradient spread evenly over its cell. */
    public void adaptiveBackward(AdaptivePoolGeometry g, Buffer dy, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_input", dx, g.inputSize());
        adaptiveBackward.args().buffer(dy).buffer(dx).i(g.planes()).i(g.h()).i(g.w()).i(g.ho()).i(g.wo())
                .launch1D(inputItems(g.planes(), g.h(), g.w()), tuning().workGroup());
    }

    private long outputItems(int planes, int ho, int wo) {
        return (long) planes * ho * Launch.blocks(wo, tuning().oxTile());
    }

    private long inputItems(int planes, int h, int w) {
        return (long) planes * h * Launch.blocks(w, tuning().ixTile());
    }

    /** The buffers of {@code k} (the third may be null: the kernel has two), then the geometry in its order. */
    private static KernelArgs args(Kernel k, PoolGeometry g, Buffer a, Buffer b, Buffer c) {
        KernelArgs args = k.args().buffer(a).buffer(b);
        if (c != null) {
            args.buffer(c);
        }
        return args.i(g.planes()).i(g.h()).i(g.w()).i(g.ho()).i(g.wo()).i(g.kh()).i(g.kw()).i(g.sh()).i(g.sw())
                .i(g.ph()).i(g.pw());
    }
}
