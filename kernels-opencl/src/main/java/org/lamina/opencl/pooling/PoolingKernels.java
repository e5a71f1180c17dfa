package org.lamina.opencl.pooling;

import java.util.Map;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;

/**
 * Launches {@code pooling.cl}: max pooling with argmax indices, average pooling, adaptive and global
 * average pooling, forward and backward. Backward passes are gathers (each input value sums the
 * gradients of the windows that reach it), so they need neither atomics nor a zeroed output.
 */
public final class PoolingKernels extends KernelFamily {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "pooling";
    static final ProgramSource SOURCE = source(PoolingKernels.class, "pooling.cl");

    /**
     * Output columns per work-item (forward), input columns per work-item (backward), the work-group
     * size, and the work-group size of the global-average reduction (a power of two).
     */
    public record Tuning(int oxTile, int ixTile, int workGroup, int reduceWorkGroup) {
        public Tuning {
            if (oxTile < 1 || oxTile > 32 || ixTile < 1 || ixTile > 32) {
                throw new IllegalArgumentException("pooling tuning: tiles " + oxTile + ", " + ixTile
                        + " are outside 1..32");
            }
            if (workGroup < 1) {
                throw new IllegalArgumentException("pooling tuning: work-group " + workGroup + " is below 1");
            }
            if (Integer.bitCount(reduceWorkGroup) != 1) {
                throw new IllegalArgumentException("pooling tuning: reduce work-group " + reduceWorkGroup
                        + " is not a power of two");
            }
        }

        public static Tuning of(TuningParameters p) {
            return new Tuning(p.integer("oxTile"), p.integer("ixTile"), p.workGroup("workGroup"),
                    p.powerOfTwo("reduceWorkGroup"));
        }

        /** The device's tuning: its tuned file, else the tuning database's entries for it. */
        public static Tuning defaults(Device device) {
            return tuning(device, FAMILY, Tuning::of);
        }

        Map<String, Integer> defines() {
            return Map.of("OX_TILE", oxTile, "IX_TILE", ixTile, "REDUCE_WG", reduceWorkGroup);
        }
    }

    private final Tuning tuning;
    private final Kernel maxForward;
    private final Kernel maxBackward;
    private final Kernel max2x2Forward;
    private final Kernel max2x2Backward;
    private final Kernel avgForward;
    private final Kernel avgBackward;
    private final Kernel adaptiveForward;
    private final Kernel globalForward;
    private final Kernel adaptiveBackward;

    public PoolingKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public PoolingKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, tuning.defines());
        this.tuning = tuning;
        this.maxForward = kernel("max_pool2d_forward");
        this.maxBackward = kernel("max_pool2d_backward");
        this.max2x2Forward = kernel("max_pool2d_2x2_forward");
        this.max2x2Backward = kernel("max_pool2d_2x2_backward");
        this.avgForward = kernel("avg_pool2d_forward");
        this.avgBackward = kernel("avg_pool2d_backward");
        this.adaptiveForward = kernel("adaptive_avg_pool2d_forward");
        this.globalForward = kernel("global_avg_pool2d_forward");
        this.adaptiveBackward = kernel("adaptive_avg_pool2d_backward");
    }

    public Tuning tuning() {
        return tuning;
    }

    /**
     * {@code y} = the window maxima, {@code indices} = the flat index {@code h*W+w} of each maximum
     * in its unpadded input plane, as float32.
     */
    public void maxForward(PoolGeometry g, Buffer x, Buffer y, Buffer indices) {
        Launch.requireSize("max_pool2d", "input", x, g.inputSize());
        Launch.requireSize("max_pool2d", "output", y, g.outputSize());
        Launch.requireSize("max_pool2d", "indices", indices, g.outputSize());
        if (tiles2x2(g)) {
            max2x2Forward.launch1D((long) g.planes() * g.ho(), tuning.workGroup(), x, y, indices,
                    g.planes(), g.h(), g.w(), g.ho(), g.wo());
            return;
        }
        maxForward.launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning.workGroup(),
                args(g, x, y, indices));
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
        Launch.requireSize("max_pool2d backward", "grad_output", dy, g.outputSize());
        Launch.requireSize("max_pool2d backward", "indices", indices, g.outputSize());
        Launch.requireSize("max_pool2d backward", "grad_input", dx, g.inputSize());
        if (tiles2x2(g)) {
            max2x2Backward.launch1D((long) g.planes() * g.h(), tuning.workGroup(), dy, indices, dx,
                    g.planes(), g.h(), g.w(), g.ho(), g.wo());
            return;
        }
        maxBackward.launch1D(inputItems(g.planes(), g.h(), g.w()), tuning.workGroup(), args(g, dy, indices, dx));
    }

    /** {@code y} = the window means, divided as {@link PoolGeometry#avgRows} describes. */
    public void avgForward(PoolGeometry g, boolean countIncludePad, Buffer x, Buffer y) {
        Launch.requireSize("avg_pool2d", "input", x, g.inputSize());
        Launch.requireSize("avg_pool2d", "output", y, g.outputSize());
        avgForward.launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning.workGroup(),
                withFlag(args(g, x, y, null), countIncludePad));
    }

    /** {@code dx} (overwritten): each output gradient spread evenly over its window's divisor. */
    public void avgBackward(PoolGeometry g, boolean countIncludePad, Buffer dy, Buffer dx) {
        Launch.requireSize("avg_pool2d backward", "grad_output", dy, g.outputSize());
        Launch.requireSize("avg_pool2d backward", "grad_input", dx, g.inputSize());
        avgBackward.launch1D(inputItems(g.planes(), g.h(), g.w()), tuning.workGroup(),
                withFlag(args(g, dy, dx, null), countIncludePad));
    }

    /** {@code y} = the cell means; a 1x1 output takes a work-group reduction per plane. */
    public void adaptiveForward(AdaptivePoolGeometry g, Buffer x, Buffer y) {
        Launch.requireSize("adaptive_avg_pool2d", "input", x, g.inputSize());
        Launch.requireSize("adaptive_avg_pool2d", "output", y, g.outputSize());
        if (g.isGlobal()) {
            int wg = tuning.reduceWorkGroup();
            if (globalForward.maxWorkGroupSize() < wg) {
                throw new IllegalStateException("global average pooling: the device allows work-groups of "
                        + globalForward.maxWorkGroupSize() + " for this kernel, the tuning asks for " + wg);
            }
            globalForward.launch(new long[] {(long) g.planes() * wg}, new long[] {wg}, x, y, g.planes(),
                    g.h() * g.w());
        } else {
            adaptiveForward.launch1D(outputItems(g.planes(), g.ho(), g.wo()), tuning.workGroup(), x, y,
                    g.planes(), g.h(), g.w(), g.ho(), g.wo());
        }
    }

    /** {@code dx} (overwritten): each output gradient spread evenly over its cell. */
    public void adaptiveBackward(AdaptivePoolGeometry g, Buffer dy, Buffer dx) {
        Launch.requireSize("adaptive_avg_pool2d backward", "grad_output", dy, g.outputSize());
        Launch.requireSize("adaptive_avg_pool2d backward", "grad_input", dx, g.inputSize());
        adaptiveBackward.launch1D(inputItems(g.planes(), g.h(), g.w()), tuning.workGroup(), dy, dx, g.planes(),
                g.h(), g.w(), g.ho(), g.wo());
    }

    private long outputItems(int planes, int ho, int wo) {
        return (long) planes * ho * Launch.blocks(wo, tuning.oxTile());
    }

    private long inputItems(int planes, int h, int w) {
        return (long) planes * h * Launch.blocks(w, tuning.ixTile());
    }

    /** The buffers (the third may be null: absent), then the geometry in the kernels' order. */
    private static Object[] args(PoolGeometry g, Buffer a, Buffer b, Buffer c) {
        Object[] sizes = {g.planes(), g.h(), g.w(), g.ho(), g.wo(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw()};
        int buffers = c == null ? 2 : 3;
        Object[] all = new Object[buffers + sizes.length];
        all[0] = a;
        all[1] = b;
        if (c != null) {
            all[2] = c;
        }
        System.arraycopy(sizes, 0, all, buffers, sizes.length);
        return all;
    }

    private static Object[] withFlag(Object[] args, boolean flag) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = flag ? 1 : 0;
        return all;
    }
}
