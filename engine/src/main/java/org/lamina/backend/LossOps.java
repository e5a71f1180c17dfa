package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Loss functions returning the loss and the gradient of their input: softmax cross-entropy with
 * integer labels, multi-class hinge, mean squared error. Every loss is the mean over the batch, as
 * PyTorch's {@code reduction='mean'}, and every gradient is that of the loss itself (an upstream
 * gradient of 1). The ops ({@code org.lamina.ops.SoftmaxCrossEntropy}, {@code MultiMarginLoss},
 * {@code MseLoss}) validate shapes, labels and devices before calling.
 *
 * <p>Class labels travel as float32 tensors {@code [N]} holding exact integers in
 * {@code [0, classes)}; {@link #classIndices} checks them.
 */
@ProviderType
public interface LossOps {

    /**
     * A loss (a scalar tensor, shape {@code []}) with the gradients it produced; each tensor belongs to
     * the caller.
     *
     * @param loss the mean loss
     * @param gradInput the gradient of the input (logits or prediction)
     * @param gradTarget the gradient of the target, or null where the target is not differentiable
     *     (class labels)
     */
    record Result(Tensor loss, Tensor gradInput, Tensor gradTarget) implements AutoCloseable {
        @Override
        public void close() {
            for (Tensor t : new Tensor[] {loss, gradInput, gradTarget}) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    /**
     * Fused, numerically stable softmax cross-entropy of {@code logits [N, C]} against {@code labels [N]}:
     * {@code loss = mean_n(logsumexp(x_n) - x_n[y_n])}, {@code grad = (softmax(x) - onehot(y)) / N}.
     * The row maximum is subtracted before exponentiating, so logits in the hundreds stay finite.
     */
    Result softmaxCrossEntropy(Tensor logits, Tensor labels);

    /**
     * Multi-class hinge loss (PyTorch's {@code multi_margin_loss} with {@code p = 1}) of
     * {@code logits [N, C]} against {@code labels [N]}:
     * {@code loss = mean_n(sum_{i != y_n} max(0, margin - x[n, y_n] + x[n, i]) / C)}. Each active term
     * contributes {@code 1/(C N)} to {@code grad[n, i]} and {@code -1/(C N)} to {@code grad[n, y_n]};
     * at a kink (a term exactly 0) the gradient is 0, as in PyTorch.
     */
    Result multiMargin(Tensor logits, Tensor labels, float margin);

    /**
     * Softmax cross-entropy at every position of {@code logits [N, C, d1, ...]} against
     * {@code labels [N, d1, ...]} (exact integers in {@code [0, C)}, or -1 where the position does not
     * count), mean over the {@code counted} positions that count, as PyTorch's {@code cross_entropy}
     * with {@code ignore_index=-1}: {@code grad = (softmax(x) - onehot(y)) / counted} over the classes
     * of a counted position, 0 at the others. With {@code counted = 0} the loss and gradient are 0
     * (PyTorch: NaN), so a batch whose mask excludes everything does not stop a training run. The op
     * ({@code org.lamina.ops.PixelCrossEntropy}) checks the labels and counts.
     */
    Result pixelCrossEntropy(Tensor logits, Tensor labels, long counted);

    /**
     * Mean squared error of two tensors of one shape: {@code loss = mean((input - target)^2)},
     * {@code grad_input = 2 (input - target) / count}, {@code grad_target = -grad_input}.
     */
    Result mse(Tensor input, Tensor target);

    /**
     * The class indices that {@code labels} hold, checked to be exact integers in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException naming {@code op}, the offending index and its value
     */
    static int[] classIndices(String op, float[] labels, int classes) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            float v = labels[i];
            if (!(v == Math.rint(v)) || Float.isInfinite(v)) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + v
                        + " is not an integer class index (labels are float32 holding exact integers)");
            }
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + (long) v + " is outside [0, "
                        + classes + ") (" + classes + " classes)");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
