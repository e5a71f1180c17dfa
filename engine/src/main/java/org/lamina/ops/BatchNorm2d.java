package org.lamina.ops;

import org.lamina.backend.Backend;
import org.lamina.backend.BatchNormOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * 2-D batch normalization per channel of an {@code [N, C, H, W]} input, as PyTorch's
 * {@code BatchNorm2d}: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}.
 *
 * <p>Training mode normalizes with the batch statistics over N, H and W (the biased variance) and
 * updates the running statistics in place when they are given:
 * {@code running_mean = (1 - momentum) running_mean + momentum mean},
 * {@code running_var = (1 - momentum) running_var + momentum var * n/(n-1)} ({@code n = N*H*W}, the
 * unbiased variance). Evaluation mode normalizes with the running statistics and leaves them alone.
 *
 * <p>Backward needs the statistics the forward pass used; {@link #forward} hands them back in its
 * {@link Result}. Gamma and beta ({@code [C]}) may both be null (no affine map).
 */
public final class BatchNorm2d {
    public static final String NAME = "batch_norm2d";
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final double eps;
    private final double momentum;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d() {
        this(DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * @throws IllegalArgumentException when {@code eps} is not positive and finite or {@code momentum}
     *     is outside {@code [0, 1]}
     */
    public BatchNorm2d(double eps, double momentum) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(NAME + ": eps " + eps + " must be positive and finite");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(NAME + ": momentum " + momentum + " is outside [0, 1]");
        }
        this.eps = eps;
        this.momentum = momentum;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    /**
     * A forward pass: the output and what backward needs.
     *
     * @param output the normalized input, {@code [N, C, H, W]}
     * @param mean the mean per channel it used ({@code [C]}): of the batch in training, the running mean
     *     otherwise
     * @param invStd {@code 1 / sqrt(var + eps)} per channel ({@code [C]})
     * @param training whether the batch statistics were used
     */
    public record Result(Tensor output, Tensor mean, Tensor invStd, boolean training) implements AutoCloseable {
        /** Closes the output and the saved statistics. */
        @Override
        public void close() {
            output.close();
            mean.close();
            invStd.close();
        }
    }

    /**
     * Normalizes {@code x}. In training mode with running statistics given, updates them in place.
     *
     * @param gamma the scale per channel, or null (with {@code beta} null too)
     * @param beta the shift per channel, or null (with {@code gamma} null too)
     * @param runningMean running mean {@code [C]}; may be null (with {@code runningVar}) in training
     * @param runningVar running variance {@code [C]}
     * @throws IllegalArgumentException for shapes that do not fit, tensors on another backend, no
     *     running statistics in evaluation mode, or a training batch with one value per channel
     */
    public Result forward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            boolean training) {
        check(x, gamma, beta, runningMean, runningVar, training);
        BatchNormOps ops = x.backend().batchNorm();
        BatchNormOps.Forward f = training
                ? ops.forwardTraining(x, gamma, beta, runningMean, runningVar, eps, momentum)
                : ops.forwardInference(x, gamma, beta, runningMean, runningVar, eps);
        return new Result(f.output(), f.mean(), f.invStd(), training);
    }

    /**
     * The gradients for upstream gradient {@code dy}: of the input (when {@code inputGrad}; in training
     * it includes the path through the batch statistics), of gamma ({@code sum(dy * xhat)}) and of
     * beta ({@code sum(dy)}), those two when the forward pass had them.
     *
     * @param saved what {@link #forward} returned for {@code x}
     */
    public Gradients backward(Tensor x, Tensor gamma, Tensor beta, Result saved, Tensor dy, boolean inputGrad) {
        checkInputAndParameters(x, gamma, beta);
        Backend b = x.backend();
        int c = x.dim(1);
        Tensors.requireOn(b, NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, x.dims());
        Tensors.requireOn(b, NAME, "saved mean", saved.mean());
        Tensors.requireOn(b, NAME, "saved inverse std", saved.invStd());
        Tensors.requireShape(NAME, "saved mean", saved.mean(), c);
        Tensors.requireShape(NAME, "saved inverse std", saved.invStd(), c);
        BatchNormOps.Backward g = b.batchNorm().backward(x, dy, gamma, beta, saved.mean(), saved.invStd(),
                saved.training(), inputGrad);
        return new Gradients(g.input(), g.gamma(), g.beta());
    }

    private static void check(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            boolean training) {
        checkInputAndParameters(x, gamma, beta);
        Backend b = x.backend();
        int c = x.dim(1);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(NAME + ": running_mean is " + (runningMean == null ? "null" : "given")
                    + " but running_var is " + (runningVar == null ? "null" : "given") + "; give both or neither");
        }
        if (runningMean != null) {
            Tensors.requireOn(b, NAME, "running_mean", runningMean);
            Tensors.requireOn(b, NAME, "running_var", runningVar);
            Tensors.requireShape(NAME, "running_mean", runningMean, c);
            Tensors.requireShape(NAME, "running_var", runningVar, c);
        } else if (!training) {
            throw new IllegalArgumentException(NAME + ": evaluation mode normalizes with running_mean and "
                    + "running_var, but none were given");
        }
        long perChannel = (long) x.dim(0) * x.dim(2) * x.dim(3);
        if (training && perChannel <= 1) {
            throw new IllegalArgumentException(NAME + ": training mode needs more than one value per channel, but "
                    + "N=" + x.dim(0) + ", H=" + x.dim(2) + ", W=" + x.dim(3) + " give N*H*W = " + perChannel
                    + ": the batch variance is undefined (use evaluation mode, or a larger batch or image)");
        }
    }

    private static void checkInputAndParameters(Tensor x, Tensor gamma, Tensor beta) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(NAME + ": input has shape " + x.shape()
                    + " but [N, C, H, W] (4 dimensions) is expected");
        }
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException(NAME + ": weight (gamma) is " + (gamma == null ? "null" : "given")
                    + " but bias (beta) is " + (beta == null ? "null" : "given") + "; give both or neither");
        }
        Backend b = x.backend();
        int c = x.dim(1);
        if (gamma != null) {
            Tensors.requireOn(b, NAME, "weight (gamma)", gamma);
            Tensors.requireOn(b, NAME, "bias (beta)", beta);
            Tensors.requireShape(NAME, "weight (gamma)", gamma, c);
            Tensors.requireShape(NAME, "bias (beta)", beta, c);
        }
    }

    @Override
    public String toString() {
        return NAME + "(eps=" + eps + ", momentum=" + momentum + ")";
    }
}
