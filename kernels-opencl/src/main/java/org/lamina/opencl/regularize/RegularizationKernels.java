package org.lamina.opencl.regularize;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;

/** Launches {@code regularization.cl}: the L1 gradient term and max-norm row clipping, in place. */
public final class RegularizationKernels extends KernelFamily {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "regularization";
    static final ProgramSource SOURCE = source(RegularizationKernels.class, "regularization.cl");

    /** Values per work-item and the work-group size of the L1 term, the work-group size of max-norm's rows. */
    public record Tuning(int items, int workGroup, int rowWorkGroup) {
        public Tuning {
            if (items < 1 || items > 64) {
                throw new IllegalArgumentException("regularization tuning: items " + items + " is outside 1..64");
            }
            if (workGroup < 1) {
                throw new IllegalArgumentException("regularization tuning: work-group " + workGroup + " is below 1");
            }
            if (Integer.bitCount(rowWorkGroup) != 1) {
                throw new IllegalArgumentException("regularization tuning: row work-group " + rowWorkGroup
                        + " is not a power of two");
            }
        }

        public static Tuning of(TuningParameters p) {
            return new Tuning(p.integer("items"), p.workGroup("workGroup"), p.powerOfTwo("rowWorkGroup"));
        }
    }

    private final Tuning tuning;
    private final Kernel addL1;
    private final Kernel maxNorm;

    public RegularizationKernels(ClContext context) {
        this(context, tuning(context, FAMILY, Tuning::of));
    }

    public RegularizationKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Map.of("ITEMS", tuning.items(), "ROW_WG", tuning.rowWorkGroup()));
        this.tuning = tuning;
        this.addL1 = kernel("add_l1");
        this.maxNorm = kernel("max_norm");
    }

    /** {@code grad += lambda * sign(w)} over {@code count} values. */
    public void addL1(int count, Buffer grad, Buffer w, float lambda) {
        requireSize("gradient", grad, count);
        requireSize("weight", w, count);
        addL1.args().buffer(grad).buffer(w).f(lambda).i(count)
                .launch1D(Launch.blocks(count, tuning.items()), tuning.workGroup());
    }

    /** Scales each of the {@code rows} rows of {@code w} whose L2 norm exceeds {@code max} down to {@code max}. */
    public void maxNorm(int rows, int cols, Buffer w, float max) {
        requireSize("weight", w, (long) rows * cols);
        maxNorm.args().buffer(w).i(cols).f(max)
                .launch(new long[] {(long) rows * tuning.rowWorkGroup()}, new long[] {tuning.rowWorkGroup()});
    }
}
