package org.lamina.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running sums over the batches of an epoch: the loss (and each loss term's), and what the task
 * measures: top-1 / top-5 hits of a classifier; pixel accuracy and the per-class intersections and
 * unions of a segmentation (mean IoU); the squared error of a reconstruction (MSE, PSNR).
 *
 * <p>Everything is a sum, so the measures of shards of a batch (devices, a cluster's workers) add up to
 * the whole batch's ({@link #addMeasures}): mean IoU from the summed intersections and unions, never
 * an average of the shards' IoUs.
 */
public final class Metrics implements Serializable {
    private static final long serialVersionUID = 1L;
    private double lossSum;
    private long top1;
    private long top5;
    private long count;
    private final Map<String, Double> termSums = new LinkedHashMap<>();
    private long pixels;
    private long pixelHits;
    private long[] intersection = new long[0];
    private long[] union = new long[0];
    private double squaredError;
    private long values;
    private double peak;

    /** Adds a batch: its mean loss, its logits {@code [n, classes]} and the true labels. */
    void add(double meanLoss, float[] logits, int[] labels) {
        int n = labels.length, classes = logits.length / n;
        addLoss(meanLoss, n);
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

    /** Adds a batch of {@code n} examples' mean loss, without anything else. */
    void addLoss(double meanLoss, int n) {
        lossSum += meanLoss * n;
        count += n;
    }

    /** Adds a batch's mean value of the loss term of {@code output} (unweighted) over {@code n} examples. */
    void addTerm(String output, double meanLoss, int n) {
        termSums.merge(output, meanLoss * n, Double::sum);
    }

    /**
     * Adds a segmentation batch of {@code n} examples: logits {@code [n, classes, P]} and a label per
     * position {@code [n, P]}, negative where the position does not count. The prediction is the class
     * of the largest logit, ties going to the lower class.
     */
    void addPixels(float[] logits, int[] labels, int n, int classes) {
        if (n < 1 || labels.length % n != 0 || (long) labels.length * classes != logits.length) {
            throw new IllegalArgumentException("segmentation metrics: " + logits.length + " logits of " + classes
                    + " classes do not match " + labels.length + " labels of " + n + " examples");
        }
        int positions = labels.length / n;
        if (intersection.length < classes) {
            intersection = Arrays.copyOf(intersection, classes);
            union = Arrays.copyOf(union, classes);
        }
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < positions; q++) {
                int truth = labels[i * positions + q];
                if (truth < 0) {
                    continue;
                }
                int best = 0;
                float bestValue = logits[i * classes * positions + q];
                for (int c = 1; c < classes; c++) {
                    float v = logits[(i * classes + c) * positions + q];
                    if (v > bestValue) {
                        best = c;
                        bestValue = v;
                    }
                }
                pixels++;
                if (best == truth) {
                    pixelHits++;
                    intersection[truth]++;
                    union[truth]++;
                } else {
                    union[truth]++;
                    union[best]++;
                }
            }
        }
    }

    /**
     * Adds a reconstruction batch: the output and the target images, of one length; {@code peak} is
     * the largest value an image holds, for PSNR.
     */
    void addImages(float[] output, float[] target, double peak) {
        if (output.length != target.length) {
            throw new IllegalArgumentException("reconstruction metrics: " + output.length + " outputs for "
                    + target.length + " target values");
        }
        this.peak = peak;
        for (int i = 0; i < output.length; i++) {
            double d = (double) output[i] - target[i];
            squaredError += d * d;
        }
        values += output.length;
    }

    /**
     * Adds what {@code other} measured of the task (pixels, intersections and unions, squared errors),
     * not its losses: the measures of a shard of a batch whose loss is counted for the whole batch.
     */
    void addMeasures(Metrics other) {
        pixels += other.pixels;
        pixelHits += other.pixelHits;
        if (intersection.length < other.intersection.length) {
            intersection = Arrays.copyOf(intersection, other.intersection.length);
            union = Arrays.copyOf(union, other.union.length);
        }
        for (int c = 0; c < other.intersection.length; c++) {
            intersection[c] += other.intersection[c];
            union[c] += other.union[c];
        }
        squaredError += other.squaredError;
        values += other.values;
        if (other.values > 0) {
            peak = other.peak;
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

    /** Each loss term's mean (unweighted) by output, in the order first seen; empty with a single term. */
    public Map<String, Double> termLosses() {
        Map<String, Double> out = new LinkedHashMap<>();
        termSums.forEach((k, v) -> out.put(k, count == 0 ? Double.NaN : v / count));
        return out;
    }

    /** The fraction of counted pixels whose class was predicted; NaN without any. */
    public double pixelAccuracy() {
        return pixels == 0 ? Double.NaN : (double) pixelHits / pixels;
    }

    /**
     * Intersection over union averaged over the classes present (in the labels or the predictions of
     * the counted pixels); NaN without any.
     */
    public double meanIoU() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < union.length; c++) {
            if (union[c] > 0) {
                sum += (double) intersection[c] / union[c];
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** The mean squared error of the reconstructions over every value; NaN without any. */
    public double meanSquaredError() {
        return values == 0 ? Double.NaN : squaredError / values;
    }

    /** {@code 10 log10(peak^2 / MSE)} in dB; NaN without values, infinite for a perfect reconstruction. */
    public double psnr() {
        return values == 0 ? Double.NaN : 10 * Math.log10(peak * peak / meanSquaredError());
    }
}
