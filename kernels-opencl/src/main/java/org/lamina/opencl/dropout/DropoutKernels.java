package org.lamina.opencl.dropout;

import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code dropout.cl}: inverted dropout with a Philox4x32-10 mask keyed by a 64-bit seed and
 * the element index (see the file for the exact rule). The generator's known-answer test builds its own
 * program from this file's text and a test kernel (kernels-opencl's {@code PhiloxKernelTest}).
 */
public final class DropoutKernels extends KernelFamily<DropoutKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "dropout";
    static final ProgramSource SOURCE = source(DropoutKernels.class, "dropout.cl");

    /** The work-group size (each work-item handles 4 elements). */
    public record Tuning(int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class, workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(workGroup);
        }
    }

    private final Kernel apply = kernel("dropout_apply");
    private final Kernel mask = kernel("dropout_mask");

    public DropoutKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public DropoutKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * {@code y[i] = x[i] * scale} where element i is kept, else 0; kept when the Philox word of
     * {@code (seed, i)}, unsigned, is at least {@code threshold} (an unsigned 32-bit value).
     */
    public void apply(int count, long seed, int threshold, float scale, Buffer x, Buffer y) {
        requireSize("input", x, count);
        requireSize("output", y, count);
        apply.args().buffer(x).buffer(y).i(count).i((int) seed).i((int) (seed >>> 32)).i(threshold).f(scale)
                .launch1D(Launch.blocks(count, 4), tuning().workGroup());
    }

    /** {@code mask[i] = scale} where element i is kept, else 0 (same rule as {@link #apply}). */
    public void mask(int count, long seed, int threshold, float scale, Buffer mask) {
        requireSize("mask", mask, count);
        this.mask.args().buffer(mask).i(count).i((int) seed).i((int) (seed >>> 32)).i(threshold).f(scale)
                .launch1D(Launch.blocks(count, 4), tuning().workGroup());
    }
}
