package org.lamina.train;

/** Running sums of loss and top-1 / top-5 hits over the batches of an epoch. */
public final class Metrics {
    private double lossSum;
    private long top1;
    private long top5;
    private long count;

    /** Adds a batch: its mean loss, its logits {@code [n, classes]} and the true labels. */
    void add(double meanLoss, float[] logits, int[] labels) {
        int n = labels.length, classes = logits.length / n;
        lossSum += meanLoss * n;
        count += n;
        for (int i = 0; i < n; i++) {
            float truth = logits[i * classes + labels[i]];
            int better = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[i * classes + c];
                // Ties count against the prediction, so a constant output never looks accurate.
                if (v > truth || (v == truth && c < labels[i])) {
                    better++;
                }
            }
            if (better == 0) {
                top1++;
            }
            if (better < 5) {
                top5++;
            }
        }
    }

    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double top1() {
        return count == 0 ? Double.NaN : (double) top1 / count;
    }

    public double top5() {
        return count == 0 ? Double.NaN : (double) top5 / count;
    }

    public long count() {
        return count;
    }
}
