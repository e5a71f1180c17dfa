package org.lamina.opencl.regularize;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.Launch;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;

/** Launches {@code regularization.cl}: the L1 gradient term and max-norm row clipping, in place. */
public final class RegularizationKernels {
    static final ProgramSource SOURCE = ProgramSource.resource(RegularizationKernels.class, "regularization.cl");
    private static final int ITEMS = 4;

    private final int workGroup;
    private final int rowWorkGroup;
    private final Kernel addL1;
    private final Kernel maxNorm;

    public RegularizationKernels(ClContext context) {
        this.workGroup = Launch.defaultWorkGroup(context.device());
        this.rowWorkGroup = Integer.highestOneBit(workGroup);
        Program p = context.program(SOURCE, Map.of("ITEMS", ITEMS, "ROW_WG", rowWorkGroup));
        this.addL1 = p.kernel("add_l1");
        this.maxNorm = p.kernel("max_norm");
    }

    /** {@code grad += lambda * sign(w)} over {@code count} values. */
    public void addL1(int count, Buffer grad, Buffer w, float lambda) {
        Launch.requireSize("l1 regularization", "gradient", grad, count);
        Launch.requireSize("l1 regularization", "weight", w, count);
        addL1.launch1D(Launch.blocks(count, ITEMS), workGroup, grad, w, lambda, count);
    }

    /** Scales each of the {@code rows} rows of {@code w} whose L2 norm exceeds {@code max} down to {@code max}. */
    public void maxNorm(int rows, int cols, Buffer w, float max) {
        Launch.requireSize("max-norm", "weight", w, (long) rows * cols);
        maxNorm.launch(new long[] {(long) rows * rowWorkGroup}, new long[] {rowWorkGroup}, w, cols, max);
    }
}
