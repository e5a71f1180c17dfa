package org.lamina.opencl.loss;

import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code losses.cl}: softmax cross-entropy and multi-class hinge over {@code [N, C]} logits
 * with float32-encoded integer labels, and mean squared error, each writing the mean loss (one float)
 * and the gradients of the loss. A loss is two launches: per-row (or per-group) partial losses into a
 * scratch buffer, then one work-group that sums them in a fixed order.
 */
public final class LossKernels extends KernelFamily<LossKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "loss";
    static final ProgramSource SOURCE = source(LossKernels.class, "losses.cl");
    /** The most work-groups the MSE kernel uses; beyond that each work-item takes several elements. */
    static final int MAX_MSE_GROUPS = 256;

    /** The work-group size of every loss kernel (a power of two). */
    public record Tuning(int rowWorkGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                powerOfTwo("rowWorkGroup").define("ROW_WG"));

        public Tuning {
            SPEC.check(rowWorkGroup);
        }
    }

    private final Kernel crossEntropy = kernel("softmax_cross_entropy");
    private final Kernel multiMargin = kernel("multi_margin");
    private final Kernel mse = kernel("mse");
    private final Kernel pixelCrossEntropy = kernel("pixel_cross_entropy");
    private final Kernel sumScaled = kernel("sum_scaled");

    public LossKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public LossKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * Softmax cross-entropy of {@code logits [n, c]} against {@code labels [n]}: the mean loss into
     * {@code loss[0]}, {@code (softmax - onehot) / n} into {@code grad [n, c]}. {@code n, c >= 1}.
     */
    public void softmaxCrossEntropy(int n, int c, Buffer logits, Buffer labels, Buffer grad, Buffer loss) {
        checkRows(n, c, logits, labels, grad, loss);
        try (Buffer rows = context().allocate(n)) {
            launchRows(crossEntropy.args().buffer(logits).buffer(labels).buffer(grad).buffer(rows).i(c).f(1f / n), n);
            sum(rows, n, 1.0 / n, loss);
        }
    }

    /**
     * Multi-class hinge loss ({@code p = 1}) of {@code logits [n, c]} against {@code labels [n]}: the
     * mean loss into {@code loss[0]} and its gradient into {@code grad [n, c]}. {@code n, c >= 1}.
     */
    public void multiMargin(int n, int c, float margin, Buffer logits, Buffer labels, Buffer grad, Buffer loss) {
        checkRows(n, c, logits, labels, grad, loss);
        try (Buffer rows = context().allocate(n)) {
            launchRows(multiMargin.args().buffer(logits).buffer(labels).buffer(grad).buffer(rows).i(c).f(margin)
                    .f((float) (1.0 / ((double) c * n))).f((float) (1.0 / c)), n);
            sum(rows, n, 1.0 / n, loss);
        }
    }

    /**
     * Mean squared error of {@code count >= 1} values: the loss into {@code loss[0]},
     * {@code 2 (input - target) / count} into {@code gradInput} and its negation into {@code gradTarget}.
     */
    public void mse(long count, Buffer input, Buffer target, Buffer gradInput, Buffer gradTarget, Buffer loss) {
        if (count < 1) {
            throw new IllegalArgumentException("mse_loss: needs at least one value, not " + count);
        }
        requireSize("input", input, count);
        requireSize("target", target, count);
        requireSize("grad_input", gradInput, count);
        requireSize("grad_target", gradTarget, count);
        requireSize("loss", loss, 1);
        int wg = workGroup(mse);
        int groups = (int) Math.min(MAX_MSE_GROUPS, Launch.blocks(count, wg));
        try (Buffer partial = context().allocate(groups)) {
            mse.args().buffer(input).buffer(target).buffer(gradInput).buffer(gradTarget).buffer(partial).l(count)
                    .f((float) (2.0 / count)).launch(new long[] {(long) groups * wg}, new long[] {wg});
            sum(partial, groups, 1.0 / count, loss);
        }
    }

    /**
     * Cross-entropy per position of {@code logits [n, c, positions]} against {@code labels [n, positions]}
     * (a label of -1: the position does not count): the mean over the positions that count into
     * {@code loss[0]}, with {@code invCount} = 1 / their number (0 when none count: loss and gradient 0),
     * and {@code (softmax - onehot) * invCount} into {@code grad} (0 where the label is -1).
     */
    public void pixelCrossEntropy(int n, int c, long positions, float invCount, Buffer logits, Buffer labels,
            Buffer grad, Buffer loss) {
        if (n < 1 || c < 1 || positions < 1) {
            throw new IllegalArgumentException("pixel_cross_entropy: needs at least one sample, class and position, not "
                    + n + " x " + c + " x " + positions);
        }
        if (!(invCount >= 0) || Float.isInfinite(invCount)) {
            throw new IllegalArgumentException("pixel_cross_entropy: 1/count " + invCount + " is not a finite value >= 0");
        }
        long total = n * positions;
        requireSize("logits", logits, total * c);
        requireSize("labels", labels, total);
        requireSize("grad_logits", grad, total * c);
        requireSize("loss", loss, 1);
        int wg = workGroup(pixelCrossEntropy);
        int groups = (int) Math.min(MAX_MSE_GROUPS, Launch.blocks(total, wg));
        try (Buffer partial = context().allocate(groups)) {
            pixelCrossEntropy.args().buffer(logits).buffer(labels).buffer(grad).buffer(partial).i(c).l(positions)
                    .l(total).f(invCount).launch(new long[] {(long) groups * wg}, new long[] {wg});
            sum(partial, groups, invCount, loss);
        }
    }

    private void launchRows(KernelArgs args, int n) {
        int wg = workGroup(args.kernel());
        args.launch(new long[] {(long) n * wg}, new long[] {wg});
    }

    private void sum(Buffer values, int count, double scale, Buffer out) {
        int wg = workGroup(sumScaled);
        sumScaled.args().buffer(values).i(count).f((float) scale).buffer(out).launch(new long[] {wg}, new long[] {wg});
    }

    /** The tuned work-group size, which the kernels' local arrays are sized for. */
    private int workGroup(Kernel k) {
        int wg = tuning().rowWorkGroup();
        if (k.maxWorkGroupSize() < wg) {
            throw new IllegalStateException(k.name() + ": the device allows work-groups of " + k.maxWorkGroupSize()
                    + " for this kernel, the tuning asks for " + wg);
        }
        return wg;
    }

    private void checkRows(int n, int c, Buffer logits, Buffer labels, Buffer grad, Buffer loss) {
        if (n < 1 || c < 1) {
            throw new IllegalArgumentException(name() + ": needs at least one sample and one class, not " + n + " x "
                    + c);
        }
        requireSize("logits", logits, (long) n * c);
        requireSize("labels", labels, n);
        requireSize("grad_logits", grad, (long) n * c);
        requireSize("loss", loss, 1);
    }
}
