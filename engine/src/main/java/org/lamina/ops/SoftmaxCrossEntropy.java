package org.lamina.ops;

import org.lamina.backend.LossOps;
import org.lamina.tensor.Tensor;

/**
 * Softmax cross-entropy with integer class labels (PyTorch's {@code cross_entropy}, mean reduction):
 * logits {@code [N, C]}, labels {@code [N]} (float32 holding exact integers in {@code [0, C)});
 * {@code loss = mean_n(logsumexp(x_n) - x_n[y_n])}.
 *
 * <p>Softmax and the loss are fused: {@link #forward} computes the loss and its gradient
 * {@code (softmax(x) - onehot(y)) / N} in one pass, stable for logits in the hundreds (the row maximum is
 * subtracted before exponentiating). The gradient is that of the loss itself; scale it by the upstream
 * gradient when the loss is not the last step.
 */
public final class SoftmaxCrossEntropy {
    public static final String NAME = "cross_entropy";

    /**
     * The mean loss (shape {@code []}) and the gradient of the logits ({@code gradTarget} is null).
     *
     * @throws IllegalArgumentException for logits that are not {@code [N, C]} with {@code N, C >= 1},
     *     labels that are not {@code [N]}, or a label that is not an integer in {@code [0, C)}
     */
    public LossOps.Result forward(Tensor logits, Tensor labels) {
        ClassificationLosses.check(NAME, logits, labels);
        return logits.backend().losses().softmaxCrossEntropy(logits, labels);
    }

    @Override
    public String toString() {
        return NAME + "(reduction mean)";
    }
}
