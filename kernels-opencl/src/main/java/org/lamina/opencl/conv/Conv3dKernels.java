package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;

/**
 * 3-D convolution ({@code conv3d.cl}), direct kernels for any stride, padding, dilation and grouping:
 * forward (a work-item per output value), input gradient (a gather, a work-item per input value) and
 * weight gradient (a work-item per weight and part of the batch, the parts summed after). Why direct
 * kernels and not vol2col + GEMM: docs/kernels.md.
 */
public final class Conv3dKernels extends KernelFamily {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "conv3d";
    static final ProgramSource SOURCE = source(Conv3dKernels.class, "conv3d.cl");

    /**
     * The work-group width of the 3-D ranges, and the number of work-items the weight gradient should
     * reach before it stops splitting the batch into parts.
     */
    public record Tuning(int lanes, long parallelItems) {
        public Tuning {
            if (lanes < 1 || lanes > 1024) {
                throw new IllegalArgumentException("conv3d tuning: lanes " + lanes + " is outside 1..1024");
            }
            if (parallelItems < 1) {
                throw new IllegalArgumentException("conv3d tuning: parallel items " + parallelItems + " is below 1");
            }
        }

        /** From the database's {@code lanes} and {@code groupsPerComputeUnit} (work-groups per compute unit). */
        public static Tuning of(TuningParameters p) {
            int lanes = p.workGroup("lanes");
            long groups = p.longValue("groupsPerComputeUnit");
            if (groups < 1) {
                throw p.bad("groupsPerComputeUnit", groups + " is below 1");
            }
            return new Tuning(lanes, groups * lanes * Math.max(1, p.device().computeUnits()));
        }

        /** The device's tuning: its tuned file, else the tuning database's entries for it. */
        public static Tuning defaults(Device device) {
            return tuning(device, FAMILY, Tuning::of);
        }
    }

    private final ClContext context;
    private final Tuning tuning;
    private final Kernel forward;
    private final Kernel backwardData;
    private final Kernel backwardFilter;
    private final Kernel sumParts;
    private Buffer parts;

    public Conv3dKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public Conv3dKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Map.of());
        this.context = context;
        this.tuning = tuning;
        this.forward = kernel("conv3d_forward");
        this.backwardData = kernel("conv3d_backward_data");
        this.backwardFilter = kernel("conv3d_backward_filter");
        this.sumParts = kernel("conv3d_sum_parts");
    }

    public Tuning tuning() {
        return tuning;
    }

    /** {@code y = conv3d(x, w) + bias}; {@code bias} may be null. */
    public void forward(Conv3dGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        String op = "conv3d";
        Launch.requireSize(op, "input", x, g.inputSize());
        Launch.requireSize(op, "weight", w, g.weightSize());
        Launch.requireSize(op, "output", y, g.outputSize());
        if (bias != null) {
            Launch.requireSize(op, "bias", bias, g.k());
        }
        forward.launch(range(g.oh() * g.ow(), g.od(), (long) g.n() * g.k()), local(forward), x, w, bias, y, g.c(),
                g.d(), g.h(), g.w(), g.k(), g.od(), g.oh(), g.ow(), g.kd(), g.kh(), g.kw(), g.sd(), g.sh(), g.sw(),
                g.pd(), g.ph(), g.pw(), g.dd(), g.dh(), g.dw(), g.groups(), bias != null ? 1 : 0);
    }

    /** {@code dx}, the input gradient for output gradient {@code dy}. */
    public void backwardData(Conv3dGeometry g, Buffer dy, Buffer w, Buffer dx) {
        String op = "conv3d backward";
        Launch.requireSize(op, "grad_output", dy, g.outputSize());
        Launch.requireSize(op, "weight", w, g.weightSize());
        Launch.requireSize(op, "grad_input", dx, g.inputSize());
        backwardData.launch(range(g.h() * g.w(), g.d(), (long) g.n() * g.c()), local(backwardData), dy, w, dx,
                g.c(), g.d(), g.h(), g.w(), g.k(), g.od(), g.oh(), g.ow(), g.kd(), g.kh(), g.kw(), g.sd(), g.sh(),
                g.sw(), g.pd(), g.ph(), g.pw(), g.dd(), g.dh(), g.dw(), g.groups());
    }

    /** {@code dw}, the weight gradient summed over the batch (overwritten). */
    public synchronized void backwardFilter(Conv3dGeometry g, Buffer x, Buffer dy, Buffer dw) {
        String op = "conv3d backward";
        Launch.requireSize(op, "input", x, g.inputSize());
        Launch.requireSize(op, "grad_output", dy, g.outputSize());
        Launch.requireSize(op, "grad_weight", dw, g.weightSize());
        long size = g.weightSize();
        int split = parts(g, tuning.parallelItems());
        int perPart = (int) Launch.blocks(g.n(), split);
        int count = (int) Launch.blocks(g.n(), perPart);
        Buffer out = count > 1 ? (parts = context.atLeast(parts, count * size)) : dw;
        int rows = g.cPerGroup() * g.kd() * g.kh() * g.kw();
        backwardFilter.launch(range(rows, g.k(), count), local(backwardFilter), x, dy, out, g.n(), g.c(), g.d(), g.h(),
                g.w(), g.k(), g.od(), g.oh(), g.ow(), g.kd(), g.kh(), g.kw(), g.sd(), g.sh(), g.sw(), g.pd(), g.ph(),
                g.pw(), g.dd(), g.dh(), g.dw(), g.groups(), perPart);
        if (count > 1) {
            sumParts.launch1D(size, tuning.lanes(), out, dw, size, count);
        }
    }

    /**
     * Parts of the batch for the weight gradient: enough for {@code parallelItems} work-items, at most
     * one per image.
     */
    static int parts(Conv3dGeometry g, long parallelItems) {
        long weights = g.weightSize();
        return (int) Math.max(1, Math.min(g.n(), Launch.blocks(parallelItems, weights)));
    }

    /** The launch rounds the first size up to whole work-groups; the kernels ignore the excess. */
    private static long[] range(long first, long second, long third) {
        return new long[] {first, second, third};
    }

    private long[] local(Kernel k) {
        return new long[] {Math.max(1, Math.min(tuning.lanes(), k.maxWorkGroupSize())), 1, 1};
    }
}
