package org.lamina.ops;

import org.lamina.backend.LossOps;
import org.lamina.tensor.Tensor;

/**
 * Multi-class hinge (SVM) loss, PyTorch's {@code multi_margin_loss} with {@code p = 1}, no class weights,
 * mean reduction: logits {@code [N, C]}, labels {@code [N]} (float32 holding exact integers in
 * {@code [0, C)});
 * {@code loss = mean_n(sum_{i != y_n} max(0, margin - x[n, y_n] + x[n, i]) / C)}.
 *
 * <p>{@link #forward} computes the loss and its gradient together: each active term adds
 * {@code 1/(C N)} to {@code grad[n, i]} and subtracts it from {@code grad[n, y_n]}; a term exactly at
 * its kink counts as inactive (gradient 0), as in PyTorch.
 */
public final class MultiMarginLoss {
    public static final String NAME = "multi_margin_loss";

    private final float margin;

    /** PyTorch's default, margin 1. */
    public MultiMarginLoss() {
        this(1f);
    }

    /**
     * @throws IllegalArgumentException for a margin that is not a finite number
     */
    public MultiMarginLoss(float margin) {
        if (!Float.isFinite(margin)) {
            throw new IllegalArgumentException(NAME + ": margin " + margin + " is not a finite number");
        }
        this.margin = margin;
    }

    public float margin() {
        return margin;
    }

    /**
     * The mean loss (shape {@code []}) and the gradient of the logits ({@code gradTarget} is null).
     *
     * @throws IllegalArgumentException for logits that are not {@code [N, C]} with {@code N, C >= 1},
     *     labels that are not {@code [N]}, or a label that is not an integer in {@code [0, C)}
     */
    public LossOps.Result forward(Tensor logits, Tensor labels) {
        ClassificationLosses.check(NAME, logits, labels);
        return logits.backend().losses().multiMargin(logits, labels, margin);
    }

    @Override
    public String toString() {
        return NAME + "(p 1, margin " + margin + ", reduction mean)";
    }
}
