package org.lamina.opencl.batchnorm;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code batchnorm.cl}: batch normalization per channel of {@code [N, C, inner]} values
 * (inner = H * W): batch statistics with the running-statistics update, evaluation statistics, the
 * normalization itself, and the gradients of input, gamma and beta.
 */
public final class BatchNormKernels extends KernelFamily<BatchNormKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "batchnorm";
    static final ProgramSource SOURCE = source(BatchNormKernels.class, "batchnorm.cl");

    /** Work-group size of the per-channel reductions, values per work-item and work-group size of the rest. */
    public record Tuning(int reduceWorkGroup, int items, int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                powerOfTwo("reduceWorkGroup").define("REDUCE_WG"), integer("items", 1, 64).define("ITEMS"),
                workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(reduceWorkGroup, items, workGroup);
        }
    }

    private final Kernel stats = kernel("batchnorm_stats");
    private final Kernel runningStats = kernel("batchnorm_running_stats");
    private final Kernel forward = kernel("batchnorm_forward");
    private final Kernel backwardReduce = kernel("batchnorm_backward_reduce");
    private final Kernel backwardData = kernel("batchnorm_backward_data");

    public BatchNormKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public BatchNormKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * The batch mean and inverse standard deviation {@code 1/sqrt(biased var + eps)} of each channel;
     * when {@code runningMean} and {@code runningVar} are given (both or neither), updates them in
     * place with {@code momentum} (the variance unbiased, as PyTorch). Needs {@code n * inner > 1}
     * for the update.
     */
    public void batchStats(int n, int c, int inner, float eps, float momentum, Buffer x, Buffer mean,
            Buffer invStd, Buffer runningMean, Buffer runningVar) {
        requireSize("input", x, (long) n * c * inner);
        requireSize("batch mean", mean, c);
        requireSize("batch inverse std", invStd, c);
        boolean update = runningMean != null || runningVar != null;
        if (update) {
            requireSize("running_mean", runningMean, c);
            requireSize("running_var", runningVar, c);
        }
        reduce(stats.args().buffer(x).buffer(mean).buffer(invStd).buffer(runningMean).buffer(runningVar).i(n).i(c)
                .i(inner).f(eps).f(momentum).i(update ? 1 : 0), c);
    }

    /** Evaluation statistics: {@code mean = runningMean}, {@code invStd = 1/sqrt(runningVar + eps)}. */
    public void runningStats(int c, float eps, Buffer runningMean, Buffer runningVar, Buffer mean, Buffer invStd) {
        requireSize("running_mean", runningMean, c);
        requireSize("running_var", runningVar, c);
        requireSize("mean", mean, c);
        requireSize("inverse std", invStd, c);
        runningStats.args().buffer(runningMean).buffer(runningVar).buffer(mean).buffer(invStd).i(c).f(eps)
                .launch1D(c, tuning().workGroup());
    }

    /** {@code y = (x - mean) * invStd * gamma + beta} per channel; {@code gamma}, {@code beta} may be null. */
    public void normalize(int n, int c, int inner, Buffer x, Buffer mean, Buffer invStd, Buffer gamma, Buffer beta,
            Buffer y) {
        long total = (long) n * c * inner;
        requireSize("input", x, total);
        requireSize("mean", mean, c);
        requireSize("inverse std", invStd, c);
        if (gamma != null) {
            requireSize("weight", gamma, c);
        }
        if (beta != null) {
            requireSize("bias", beta, c);
        }
        requireSize("output", y, total);
        forward.args().buffer(x).buffer(mean).buffer(invStd).buffer(gamma).buffer(beta).buffer(y).i(c).i(inner)
                .i((int) total).i(gamma != null ? 1 : 0).i(beta != null ? 1 : 0)
                .launch1D(Launch.blocks(total, tuning().items()), tuning().workGroup());
    }

    /**
     * The gradients of beta ({@code sumDy}, the sum of {@code dy}) and gamma ({@code sumDyXhat}, the
     * sum of {@code dy * (x - mean) * invStd}) per channel, and, when {@code dx} is not null, the
     * input gradient: with {@code training} the batch statistics' dependence on {@code x} included,
     * without it {@code dx = gamma * invStd * dy}. {@code gamma} may be null (1).
     */
    public void backward(boolean training, int n, int c, int inner, Buffer x, Buffer dy, Buffer mean, Buffer invStd,
            Buffer gamma, Buffer sumDy, Buffer sumDyXhat, Buffer dx) {
        long total = (long) n * c * inner;
        requireSize("input", x, total);
        requireSize("grad_output", dy, total);
        requireSize("mean", mean, c);
        requireSize("inverse std", invStd, c);
        requireSize("grad_bias", sumDy, c);
        requireSize("grad_weight", sumDyXhat, c);
        if (gamma != null) {
            requireSize("weight", gamma, c);
        }
        reduce(backwardReduce.args().buffer(x).buffer(dy).buffer(mean).buffer(invStd).buffer(sumDy).buffer(sumDyXhat)
                .i(n).i(c).i(inner), c);
        if (dx != null) {
            requireSize("grad_input", dx, total);
            backwardData.args().buffer(x).buffer(dy).buffer(mean).buffer(invStd).buffer(gamma).buffer(sumDy)
                    .buffer(sumDyXhat).buffer(dx).i(n).i(c).i(inner).i(gamma != null ? 1 : 0).i(training ? 1 : 0)
                    .launch1D(Launch.blocks(total, tuning().items()), tuning().workGroup());
        }
    }

    private void reduce(KernelArgs args, int channels) {
        Kernel k = args.kernel();
        int wg = tuning().reduceWorkGroup();
        if (k.maxWorkGroupSize() < wg) {
            throw new IllegalStateException(name() + ": the device allows work-groups of " + k.maxWorkGroupSize()
                    + " for " + k.name() + ", the tuning asks for " + wg);
        }
        args.launch(new long[] {(long) channels * wg}, new long[] {wg});
    }
}
