package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/** The argument checks that the losses over logits and class labels share. */
final class ClassificationLosses {
    private ClassificationLosses() {
    }

    /**
     * Checks that {@code logits} is {@code [N, C]} with {@code N, C >= 1}, that {@code labels} is
     * {@code [N]} on the same device, and that every label is an integer in {@code [0, C)} (which reads
     * the labels back from the device unless {@link ClassLabels} made them).
     *
     * @throws IllegalArgumentException naming {@code op}, the argument and the values
     */
    static void check(String op, Tensor logits, Tensor labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException(op + ": logits must have 2 dimensions [N, classes], not "
                    + logits.rank() + " (" + logits.shape() + ")");
        }
        int n = logits.dim(0), c = logits.dim(1);
        if (n == 0) {
            throw new IllegalArgumentException(op + ": logits " + logits.shape()
                    + " hold an empty batch; the mean loss over no samples is undefined");
        }
        if (c == 0) {
            throw new IllegalArgumentException(op + ": logits " + logits.shape() + " have no classes");
        }
        Tensors.requireOn(logits.backend(), op, "labels", labels);
        if (labels.rank() != 1 || labels.dim(0) != n) {
            throw new IllegalArgumentException(op + ": labels have shape " + labels.shape() + " but logits "
                    + logits.shape() + " need " + Arrays.toString(new int[] {n}) + " (one class index per sample)");
        }
        ClassLabels.indices(op, labels, c);
    }
}
