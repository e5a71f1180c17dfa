package org.lamina.opencl.elementwise;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code elementwise.cl}: sum, accumulation in place, multiplication by a scalar and the
 * strided row copy behind concatenation along channels and its split; fill and plain copies are the
 * context's own commands.
 */
public final class ElementwiseKernels extends KernelFamily<ElementwiseKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "elementwise";
    static final ProgramSource SOURCE = source(ElementwiseKernels.class, "elementwise.cl");

    /** Elements per work-item and the work-group size. */
    public record Tuning(int items, int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(items, workGroup);
        }
    }

    private final Kernel add = kernel("add");
    private final Kernel accumulate = kernel("accumulate");
    private final Kernel scale = kernel("scale");
    private final Kernel copyRows = kernel("copy_rows");

    public ElementwiseKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public ElementwiseKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** {@code c = a + b} over {@code count} values. */
    public void add(int count, Buffer a, Buffer b, Buffer c) {
        requireSize("a", a, count);
        requireSize("b", b, count);
        requireSize("output", c, count);
        add.args().buffer(a).buffer(b).buffer(c).i(count).launch1D(items(count), tuning().workGroup());
    }

    /** {@code target += alpha * source} over {@code count} values, in place. */
    public void accumulate(int count, float alpha, Buffer target, Buffer source) {
        requireSize("target", target, count);
        requireSize("source", source, count);
        accumulate.args().buffer(target).buffer(source).f(alpha).i(count).launch1D(items(count), tuning().workGroup());
    }

    /** {@code y = alpha * x} over {@code count} values; {@code y} may be {@code x}. */
    public void scale(int count, float alpha, Buffer x, Buffer y) {
        requireSize("input", x, count);
        requireSize("output", y, count);
        scale.args().buffer(x).buffer(y).f(alpha).i(count).launch1D(items(count), tuning().workGroup());
    }

    /** Sets the first {@code count} values of {@code target} to {@code value}. */
    public void fill(int count, float value, Buffer target) {
        requireSize("target", target, count);
        context().fill(target, 0, count, value);
    }

    /** Copies the first {@code count} values of {@code src} to {@code dst}. */
    public void copy(int count, Buffer src, Buffer dst) {
        requireSize("source", src, count);
        requireSize("destination", dst, count);
        context().copy(src, 0, dst, 0, count);
    }

    /**
     * {@code dst[dstOffset + r * dstStride + j] = src[srcOffset + r * srcStride + j]} for
     * {@code r < rows}, {@code j < rowLength}: one input's share of a concatenation along dimension 1,
     * or one output of its split.
     */
    public void copyRows(int rows, int rowLength, Buffer src, long srcOffset, long srcStride, Buffer dst,
            long dstOffset, long dstStride) {
        if (rows < 0 || rowLength < 0 || srcOffset < 0 || dstOffset < 0 || srcStride < rowLength
                || dstStride < rowLength) {
            throw new IllegalArgumentException(name() + ": row copy of " + rows + " x " + rowLength + " with offsets "
                    + srcOffset + ", " + dstOffset + " and strides " + srcStride + ", " + dstStride + " is invalid");
        }
        if (rows == 0 || rowLength == 0) {
            return;
        }
        requireSize("source", src, srcOffset + (rows - 1L) * srcStride + rowLength);
        requireSize("destination", dst, dstOffset + (rows - 1L) * dstStride + rowLength);
        copyRows.args().buffer(src).l(srcOffset).l(srcStride).buffer(dst).l(dstOffset).l(dstStride).i(rows)
                .i(rowLength).launch1D(items((long) rows * rowLength), tuning().workGroup());
    }

    private long items(long count) {
        return Launch.blocks(count, tuning().items());
    }
}
