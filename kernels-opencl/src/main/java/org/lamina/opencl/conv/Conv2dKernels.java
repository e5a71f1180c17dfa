package org.lamina.opencl.conv;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code conv2d.cl}: the direct convolution for any stride, padding, dilation and groups,
 * its input and weight gradients, and the bias gradient shared by every convolution path.
 */
public final class Conv2dKernels extends KernelFamily<Conv2dKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "conv2d";
    static final ProgramSource SOURCE = source(Conv2dKernels.class, "conv2d.cl");

    /** Register tiles per work-item, the work-group size, and the bias-reduction work-group size. */
    public record Tuning(int ocTile, int oxTile, int icTile, int ixTile, int workGroup, int reduceWorkGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("ocTile", 1, 16).define("OC_TILE"), integer("oxTile", 1, 16).define("OX_TILE"),
                integer("icTile", 1, 16).define("IC_TILE"), integer("ixTile", 1, 16).define("IX_TILE"),
                workGroupSize("workGroup"), powerOfTwo("reduceWorkGroup").define("REDUCE_WG"));

        public Tuning {
            SPEC.check(ocTile, oxTile, icTile, ixTile, workGroup, reduceWorkGroup);
        }
    }

    private final Kernel forward = kernel("conv2d_forward");
    private final Kernel backwardData = kernel("conv2d_backward_data");
    private final Kernel backwardFilter = kernel("conv2d_backward_filter");
    private final Kernel biasGrad = kernel("conv2d_bias_grad");

    public Conv2dKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public Conv2dKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** {@code y = conv(x, w) + bias}; {@code bias} may be null. */
    public void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        checkSizes(g, name(), x, w, bias, y, g.k());
        long items = (long) g.n() * g.groups() * Launch.blocks(g.kPerGroup(), tuning().ocTile()) * g.ho()
                * Launch.blocks(g.wo(), tuning().oxTile());
        args(forward, g, x, w, bias, y, true).launch1D(items, tuning().workGroup());
    }

    /**
     * {@code dx = conv^T(dy, w) + bias}: the gradient of the input, and the forward pass of a
     * transposed convolution (whose bias is per channel of {@code dx}). {@code bias} may be null.
     */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("grad_input", dx, g.inputSize());
        if (bias != null) {
            requireSize("bias", bias, g.c());
        }
        long items = (long) g.n() * g.groups() * Launch.blocks(g.cPerGroup(), tuning().icTile()) * g.h()
                * Launch.blocks(g.w(), tuning().ixTile());
        args(backwardData, g, dy, w, bias, dx, true).launch1D(items, tuning().workGroup());
    }

    /** {@code dw = sum over the batch of dy (x) x}, overwriting {@code dw}. */
    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requireSize("input", x, g.inputSize());
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_weight", dw, g.weightSize());
        long items = (long) g.groups() * Launch.blocks(g.kPerGroup(), tuning().ocTile()) * g.cPerGroup() * g.kh()
                * g.kw();
        args(backwardFilter, g, x, dy, null, dw, false).launch1D(items, tuning().workGroup());
    }

    /** {@code db[k] = sum of dy[n, k, :, :]} over {@code dy} of shape {@code [n, k, hw]}. */
    public void biasGrad(int n, int k, int hw, Buffer dy, Buffer db) {
        requireSize("grad_output", dy, (long) n * k * hw);
        requireSize("grad_bias", db, k);
        int wg = tuning().reduceWorkGroup();
        if (biasGrad.maxWorkGroupSize() < wg) {
            throw new IllegalStateException("bias gradient: the device allows work-groups of "
                    + biasGrad.maxWorkGroupSize() + " for this kernel, the tuning asks for " + wg);
        }
        biasGrad.args().buffer(dy).buffer(db).i(n).i(k).i(hw).launch(new long[] {(long) k * wg}, new long[] {wg});
    }

    /** The arguments of {@code k}: its buffers (a bias, or null, {@code withBias}), then the geometry. */
    private static KernelArgs args(Kernel k, ConvGeometry g, Buffer a, Buffer b, Buffer bias, Buffer out,
            boolean withBias) {
        KernelArgs args = k.args().buffer(a).buffer(b);
        if (withBias) {
            args.buffer(bias);
        }
        args.buffer(out).i(g.n()).i(g.c()).i(g.h()).i(g.w()).i(g.k()).i(g.ho()).i(g.wo()).i(g.kh()).i(g.kw())
                .i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw()).i(g.groups());
        return withBias ? args.i(bias != null ? 1 : 0) : args;
    }

    /** The sizes of a convolution's buffers, under the name of the family ({@code family}) that launches it. */
    static void checkSizes(ConvGeometry g, String family, Buffer x, Buffer w, Buffer bias, Buffer y, int biasSize) {
        Launch.requireSize(family, "input", x, g.inputSize());
        Launch.requireSize(family, "weight", w, g.weightSize());
        Launch.requireSize(family, "output", y, g.outputSize());
        if (bias != null) {
            Launch.requireSize(family, "bias", bias, biasSize);
        }
    }
}
