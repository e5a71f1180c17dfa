package org.lamina.backend.java;

/**
 * The losses the way their definitions read, in double precision: the Java backend's losses and the
 * ground truth of the gradient checks. Logits are row-major {@code [n, c]}; every loss is the mean
 * over the batch (PyTorch's {@code reduction='mean'}). Each method returns the loss and, when the
 * gradient arrays are not null, overwrites them with the loss's gradients.
 */
public final class LossReference {
    private LossReference() {
    }

    /**
     * {@code mean_n(logsumexp(x_n) - x_n[y_n])}; {@code grad = (softmax(x) - onehot(y)) / n}. The row
     * maximum is subtracted before exponentiating.
     */
    public static double softmaxCrossEntropy(int n, int c, double[] logits, int[] labels, double[] grad) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            // logsumexp - x_y, arranged so that large logits cancel before the log is added.
            total += (max - logits[row + labels[i]]) + Math.log(sum);
            if (grad != null) {
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(logits[row + j] - max) / sum;
                    grad[row + j] = (p - (j == labels[i] ? 1 : 0)) / n;
                }
            }
        }
        return total / n;
    }

    /**
     * {@code mean_n(sum_{j != y_n} max(0, margin - x[n, y_n] + x[n, j]) / c)}, PyTorch's
     * {@code multi_margin_loss} with {@code p = 1}; a term exactly at 0 has gradient 0.
     */
    public static double multiMargin(int n, int c, double margin, double[] logits, int[] labels, double[] grad) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c, y = labels[i];
            double xy = logits[row + y], rowSum = 0;
            int active = 0;
            for (int j = 0; j < c; j++) {
                if (j == y) {
                    continue;
                }
                double z = margin - xy + logits[row + j];
                boolean on = z > 0;
                if (on) {
                    rowSum += z;
                    active++;
                }
                if (grad != null) {
                    grad[row + j] = on ? 1.0 / ((double) c * n) : 0;
                }
            }
            if (grad != null) {
                grad[row + y] = -active / ((double) c * n);
            }
            total += rowSum / c;
        }
        return total / n;
    }

    /** {@code mean((input - target)^2)}; {@code gradInput = 2 (input - target) / count = -gradTarget}. */
    public static double mse(double[] input, double[] target, double[] gradInput, double[] gradTarget) {
        int count = input.length;
        double total = 0;
        for (int i = 0; i < count; i++) {
            double d = input[i] - target[i];
            total += d * d;
            if (gradInput != null) {
                gradInput[i] = 2 * d / count;
            }
            if (gradTarget != null) {
                gradTarget[i] = -2 * d / count;
            }
        }
        return total / count;
    }
}
