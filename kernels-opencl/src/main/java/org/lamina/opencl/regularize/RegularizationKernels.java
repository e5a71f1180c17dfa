package org.lamina.opencl.regularize;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/** Launches {@code regularization.cl}: the L1 gradient term and max-norm row clipping, in place. */
public final class RegularizationKernels extends KernelFamily<RegularizationKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "regularization";
    static final ProgramSource SOURCE = source(RegularizationKernels.class, "regularization.cl");

    /** Values per work-item and the work-group size of the L1 term, the work-group size of max-norm's rows. */
    public record Tuning(int items, int workGroup, int rowWorkGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"),
                powerOfTwo("rowWorkGroup").define("ROW_WG"));

        public Tuning {
            SPEC.check(items, workGroup, rowWorkGroup);
        }
    }

    private final Kernel addL1 = kernel("add_l1");
    private final Kernel maxNorm = kernel("max_norm");

    public RegularizationKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public RegularizationKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** {@code grad += lambda * sign(w)} over {@code count} values. */
    public void addL1(int count, Buffer grad, Buffer w, float lambda) {
        requireSize("gradient", grad, count);
        requireSize("weight", w, count);
        addL1.args().buffer(grad).buffer(w).f(lambda).i(count)
                .launch1D(Launch.blocks(count, tuning().items()), tuning().workGroup());
    }

    /** Scales each of the {@code rows} rows of {@code w} whose L2 norm exceeds {@code max} down to {@code max}. */
    public void maxNorm(int rows, int cols, Buffer w, float max) {
        requireSize("weight", w, (long) rows * cols);
        maxNorm.args().buffer(w).i(cols).f(max)
                .launch(new long[] {(long) rows * tuning().rowWorkGroup()}, new long[] {tuning().rowWorkGroup()});
    }
}
