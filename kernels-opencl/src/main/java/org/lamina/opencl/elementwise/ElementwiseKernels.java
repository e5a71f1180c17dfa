package org.lamina.opencl.elementwise;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;

/**
 * Launches {@code elementwise.cl}: sum, accumulation in place, multiplication by a scalar and the
 * strided row copy behind concatenation along channels and its split; fill and plain copies are the
 * context's own commands.
 */
public final class ElementwiseKernels extends KernelFamily {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "elementwise";
    static final ProgramSource SOURCE = source(ElementwiseKernels.class, "elementwise.cl");

    /** Elements per work-item and the work-group size. */
    public record Tuning(int items, int workGroup) {
        public Tuning {
            if (items < 1 || items > 64) {
                throw new IllegalArgumentException("elementwise tuning: items " + items + " is outside 1..64");
            }
            if (workGroup < 1) {
                throw new IllegalArgumentException("elementwise tuning: work-group " + workGroup + " is below 1");
            }
        }

        public static Tuning of(TuningParameters p) {
            return new Tuning(p.integer("items"), p.workGroup("workGroup"));
        }

        /** The device's tuning: its tuned file, else the tuning database's entries for it. */
        public static Tuning defaults(Device device) {
            return tuning(device, FAMILY, Tuning::of);
        }

        Map<String, Integer> defines() {
            return Map.of("ITEMS", items);
        }
    }

    private final ClContext context;
    private final Tuning tuning;
    private final Kernel add;
    private final Kernel accumulate;
    private final Kernel scale;
    private final Kernel copyRows;

    public ElementwiseKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public ElementwiseKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, tuning.defines());
        this.context = context;
        this.tuning = tuning;
        this.add = kernel("add");
        this.accumulate = kernel("accumulate");
        this.scale = kernel("scale");
        this.copyRows = kernel("copy_rows");
    }

    public Tuning tuning() {
        return tuning;
    }

    /** {@code c = a + b} over {@code count} values. */
    public void add(int count, Buffer a, Buffer b, Buffer c) {
        Launch.requireSize("add", "a", a, count);
        Launch.requireSize("add", "b", b, count);
        Launch.requireSize("add", "output", c, count);
        add.launch1D(items(count), tuning.workGroup(), a, b, c, count);
    }

    /** {@code target += alpha * source} over {@code count} values, in place. */
    public void accumulate(int count, float alpha, Buffer target, Buffer source) {
        Launch.requireSize("accumulate", "target", target, count);
        Launch.requireSize("accumulate", "source", source, count);
        accumulate.launch1D(items(count), tuning.workGroup(), target, source, alpha, count);
    }

    /** {@code y = alpha * x} over {@code count} values; {@code y} may be {@code x}. */
    public void scale(int count, float alpha, Buffer x, Buffer y) {
        Launch.requireSize("scale", "input", x, count);
        Launch.requireSize("scale", "output", y, count);
        scale.launch1D(items(count), tuning.workGroup(), x, y, alpha, count);
    }

    /** Sets the first {@code count} values of {@code target} to {@code value}. */
    public void fill(int count, float value, Buffer target) {
        Launch.requireSize("fill", "target", target, count);
        context.fill(target, 0, count, value);
    }

    /** Copies the first {@code count} values of {@code src} to {@code dst}. */
    public void copy(int count, Buffer src, Buffer dst) {
        Launch.requireSize("copy", "source", src, count);
        Launch.requireSize("copy", "destination", dst, count);
        context.copy(src, 0, dst, 0, count);
    }

    /**
     * {@code dst[dstOffset + r * dstStride + j] = src[srcOffset + r * srcStride + j]} for
     * {@code r < rows}, {@code j < rowLength}: one input's share of a concatenation along dimension 1,
     * or one output of its split.
     */
    public void copyRows(String op, int rows, int rowLength, Buffer src, long srcOffset, long srcStride, Buffer dst,
            long dstOffset, long dstStride) {
        if (rows < 0 || rowLength < 0 || srcOffset < 0 || dstOffset < 0 || srcStride < rowLength
                || dstStride < rowLength) {
            throw new IllegalArgumentException(op + ": row copy of " + rows + " x " + rowLength + " with offsets "
                    + srcOffset + ", " + dstOffset + " and strides " + srcStride + ", " + dstStride + " is invalid");
        }
        if (rows == 0 || rowLength == 0) {
            return;
        }
        Launch.requireSize(op, "source", src, srcOffset + (rows - 1L) * srcStride + rowLength);
        Launch.requireSize(op, "destination", dst, dstOffset + (rows - 1L) * dstStride + rowLength);
        copyRows.launch1D(items((long) rows * rowLength), tuning.workGroup(), src, srcOffset, srcStride, dst,
                dstOffset, dstStride, rows, rowLength);
    }

    private long items(long count) {
        return Launch.blocks(count, tuning.items());
    }
}
