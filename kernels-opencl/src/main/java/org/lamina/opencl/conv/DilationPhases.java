package org.lamina.opencl.conv;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.oneOf;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code phases.cl}: splits images into their dilation phases and merges them back ("space
 * to batch" and "batch to space"). Phase {@code (a, b)} of an {@code H x W} image for dilation
 * {@code (dH, dW)} is the {@code H/dH x W/dW} image of the values at rows {@code a + dH i} and columns
 * {@code b + dW j}; the phases of image {@code n} become images {@code (n dH + a) dW + b} of the
 * result, so that a dilated stride-1 convolution runs as an undilated one over {@code N dH dW}
 * images, with whole-vector loads instead of gathers.
 */
public final class DilationPhases extends KernelFamily<DilationPhases.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "phases";
    static final ProgramSource SOURCE = source(DilationPhases.class, "phases.cl");

    /** Phase columns per work-item (4 or 8) and rows per work-group. */
    public record Tuning(int vec, int lanes) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                oneOf("vec", 4, 8).define("VEC"), integer("lanes", 1, 256));

        public Tuning {
            SPEC.check(vec, lanes);
        }
    }

    private final Kernel split = kernel("split_phases");
    private final Kernel merge = kernel("merge_phases");

    /** With the tuning database's {@code vec} and {@code lanes} for the device. */
    public DilationPhases(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public DilationPhases(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * {@code phases[(i dH + a) dW + b, c, :, :] = images[i, c, a::dH, b::dW]} for {@code images} of
     * shape {@code [n, c, h, w]}; {@code phases} holds as many values.
     */
    public void split(Buffer images, int n, int c, int h, int w, int dH, int dW, Buffer phases) {
        check("split", n, c, h, w, dH, dW);
        split(images, n, c, h, w, dH, dW, 0, w / dW, phases);
    }

    /**
     * {@link #split} into phase rows {@code width} values wide, the phase's {@code w/dW} values from
     * column {@code left} on and zeros around them: {@code phases} holds {@code n dH dW c (h/dH) width}
     * values. The margins let the Winograd input transform load whole vectors at the row ends.
     */
    public void split(Buffer images, int n, int c, int h, int w, int dH, int dW, int left, int width,
            Buffer phases) {
        check("split", n, c, h, w, dH, dW);
        if (left < 0 || width < left + w / dW) {
            throw new IllegalArgumentException("dilation phases (split): margin " + left + " and width " + width
                    + " do not hold a phase row of " + w / dW);
        }
        long size = (long) n * c * h * w;
        requireSize("input", images, size);
        requireSize("output", phases, (long) n * dW * c * h * width);
        if (size > 0) {
            split.args().buffer(images).buffer(phases).i(c).i(h).i(w).i(dH).i(dW).i(width).i(left)
                    .launch(range(n, c, h, w, dW), local(split));
        }
    }

    /** The inverse of {@link #split} without margins: {@code images} from {@code phases}. */
    public void merge(Buffer phases, int n, int c, int h, int w, int dH, int dW, Buffer images) {
        check("merge", n, c, h, w, dH, dW);
        long size = (long) n * c * h * w;
        requireSize("input", phases, size);
        requireSize("output", images, size);
        if (size > 0) {
            merge.args().buffer(phases).buffer(images).i(c).i(h).i(w).i(dH).i(dW)
                    .launch(range(n, c, h, w, dW), local(merge));
        }
    }

    private static void check(String what, int n, int c, int h, int w, int dH, int dW) {
        if (n < 0 || c < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("dilation phases (" + what + "): negative size " + n + "x" + c + "x"
                    + h + "x" + w);
        }
        if (dH < 1 || dW < 1 || h % dH != 0 || w % dW != 0) {
            throw new IllegalArgumentException("dilation phases (" + what + "): dilation (" + dH + ", " + dW
                    + ") does not divide the image size " + h + "x" + w);
        }
    }

    /** VEC phase columns by one input row by one channel of one image per work-item. */
    private long[] range(int n, int c, int h, int w, int dW) {
        return new long[] {Launch.blocks(w / dW, tuning().vec()), h, (long) n * c};
    }

    /** Work-groups along the rows: a row holds few blocks of VEC, and few large groups launch faster. */
    private long[] local(Kernel k) {
        return new long[] {1, Math.max(1, Math.min(tuning().lanes(), k.maxWorkGroupSize())), 1};
    }
}
