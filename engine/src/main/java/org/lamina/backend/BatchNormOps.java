package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Batch normalization per channel (dimension 1) of {@code x} ({@code [N, C, H, W]}, or any
 * {@code [N, C, ...]}): training mode with batch statistics (the biased variance normalizes) and the
 * running-statistics update (the unbiased variance, factor {@code n/(n-1)}, {@code n = N*H*W}, as
 * PyTorch), evaluation mode with the running statistics; gradients of input, gamma and beta.
 *
 * <p>{@code gamma} and {@code beta} ({@code [C]}) may be null (1 and 0: no affine map). Arguments are
 * validated by {@code org.lamina.ops.BatchNorm2d}; the backend trusts them.
 */
@ProviderType
public interface BatchNormOps {

    /**
     * A forward pass: the output, and the statistics it normalized with, which backward needs.
     *
     * @param output {@code (x - mean) * invStd * gamma + beta}
     * @param mean the mean per channel ({@code [C]}): of the batch in training, running_mean in evaluation
     * @param invStd {@code 1 / sqrt(var + eps)} per channel ({@code [C]}), var the biased batch
     *     variance in training, running_var in evaluation
     */
    record Forward(Tensor output, Tensor mean, Tensor invStd) implements AutoCloseable {
        @Override
        public void close() {
            output.close();
            mean.close();
            invStd.close();
        }
    }

    /**
     * Gradients of a backward pass; {@code gamma} and {@code beta} are null when the forward pass had
     * none, {@code input} when it was not asked for.
     */
    record Backward(Tensor input, Tensor gamma, Tensor beta) {
    }

    /**
     * Training mode: normalizes with the batch statistics and, when {@code runningMean} and
     * {@code runningVar} are not null, updates them in place:
     * {@code running = (1 - momentum) * running + momentum * batch statistic}.
     */
    Forward forwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps,
            double momentum);

    /** Evaluation mode: normalizes with {@code runningMean} and {@code runningVar}, which stay unchanged. */
    Forward forwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps);

    /**
     * The gradients for upstream gradient {@code dy}, from the input {@code x} and the statistics a
     * forward pass returned. With {@code training} the input gradient includes the batch statistics'
     * dependence on {@code x}; without it, it is that of the affine map {@code gamma * invStd * dy}.
     * The gamma and beta gradients are {@code sum(dy * (x - mean) * invStd)} and {@code sum(dy)}
     * per channel.
     */
    Backward backward(Tensor x, Tensor dy, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, boolean training,
            boolean inputGrad);
}
