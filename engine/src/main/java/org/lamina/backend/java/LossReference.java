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

    /**
     * Cross-entropy at each of the {@code p} positions of {@code logits [n, c, p]} against
     * {@code labels [n, p]} (-1: the position does not count): the mean over the {@code counted}
     * positions with a label, {@code grad = (softmax - onehot) / counted} there and 0 elsewhere; loss
     * and gradient 0 when nothing counts.
     */
    public static double pixelCrossEntropy(int n, int c, int p, double[] logits, int[] labels, long counted,
            double[] grad) {
        double total = 0;
        double[] row = new double[c], rowGrad = new double[c];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < p; q++) {
                int at = i * p + q;
                for (int j = 0; j < c; j++) {
                    row[j] = logits[(i * c + j) * p + q];
                }
                if (labels[at] < 0) {
                    if (grad != null) {
                        for (int j = 0; j < c; j++) {
                            grad[(i * c + j) * p + q] = 0;
                        }
                    }
                    continue;
                }
                // one row of the classification loss, its 1/1 mean and gradient rescaled to 1/counted
                total += softmaxCrossEntropy(1, c, row, new int[] {labels[at]}, rowGrad);
                if (grad != null) {
                    for (int j = 0; j < c; j++) {
                        grad[(i * c + j) * p + q] = counted == 0 ? 0 : rowGrad[j] / counted;
                    }
                }
            }
        }
        return counted == 0 ? 0 : total / counted;
    }
}
