package org.lamina.opencl.lrn;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code local_response_norm.cl}: local response normalization across the channels of
 * {@code [N, C, H*W]} tensors, forward and backward (PyTorch's convention, see
 * {@link LocalResponseNormParams}).
 */
public final class LocalResponseNormKernels extends KernelFamily<LocalResponseNormKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "lrn";
    static final ProgramSource SOURCE = source(LocalResponseNormKernels.class, "local_response_norm.cl");

    /** Channels and plane positions per work-item, and the work-group size. */
    public record Tuning(int cTile, int xTile, int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("cTile", 1, 32).define("C_TILE"), integer("xTile", 1, 32).define("X_TILE"),
                workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(cTile, xTile, workGroup);
        }
    }

    private final Kernel forward = kernel("lrn_forward");
    private final Kernel backwardTerms = kernel("lrn_backward_terms");
    private final Kernel backward = kernel("lrn_backward");

    public LocalResponseNormKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public LocalResponseNormKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** {@code y = x / (k + alpha/size * window sum of x^2)^beta} over {@code [n, c, hw]}. */
    public void forward(int n, int c, int hw, LocalResponseNormParams p, Buffer x, Buffer y) {
        long size = (long) n * c * hw;
        requireSize("input", x, size);
        requireSize("output", y, size);
        forward.args().buffer(x).buffer(y).i(n).i(c).i(hw).i(p.before()).i(p.after()).f((float) p.alphaPerTerm())
                .f((float) p.beta()).f((float) p.k()).launch1D(items(n, c, hw), tuning().workGroup());
    }

    /**
     * {@code dx} (overwritten) for input {@code x} and output gradient {@code dy}; {@code scratch}
     * ({@code n*c*hw} floats) holds the per-channel terms between the two passes.
     */
    public void backward(int n, int c, int hw, LocalResponseNormParams p, Buffer x, Buffer dy, Buffer scratch,
            Buffer dx) {
        long size = (long) n * c * hw;
        requireSize("input", x, size);
        requireSize("grad_output", dy, size);
        requireSize("scratch", scratch, size);
        requireSize("grad_input", dx, size);
        long items = items(n, c, hw);
        // First pass: the terms into scratch and dy * d^-beta into dx; second: dx minus the gathered terms.
        backwardTerms.args().buffer(x).buffer(dy).buffer(scratch).buffer(dx).i(n).i(c).i(hw).i(p.before())
                .i(p.after()).f((float) p.alphaPerTerm()).f((float) p.beta()).f((float) p.k())
                .launch1D(items, tuning().workGroup());
        backward.args().buffer(x).buffer(scratch).buffer(dx).i(n).i(c).i(hw).i(p.before()).i(p.after())
                .f((float) p.alphaPerTerm()).f((float) p.beta()).launch1D(items, tuning().workGroup());
    }

    private long items(int n, int c, int hw) {
        return (long) n * Launch.blocks(c, tuning().cTile()) * Launch.blocks(hw, tuning().xTile());
    }
}
