package org.lamina.train;

import java.util.Arrays;
import java.util.Locale;
import org.lamina.data.Batch;

/**
 * How a batch is shared among the devices of a data-parallel run: contiguous shards, in device
 * order, whose sizes follow each device's weight (equal weights for {@link Mode#EVEN}, measured
 * images per second for {@link Mode#SPEED}). Shards are contiguous so that their outputs, put side
 * by side, are the whole batch's in order.
 */
public final class BatchSplit {

    /** How shard sizes are chosen. */
    public enum Mode {
        /**
         * Equal shares (the first devices take one image more when the batch does not divide). The
         * default: the split, and so every rounding, is the same in every run and on resume.
         */
        EVEN,
        /**
         * Shares proportional to each device's measured images per second (a moving average of its
         * recent steps), starting even: for devices of unequal speed. The split then depends on
         * timing, so two runs round differently in the last bits.
         */
        SPEED;

        /**
         * @throws IllegalArgumentException naming the value and the choices
         */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("batch split '" + s + "' is unknown; use even or speed");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BatchSplit() {
    }

    /**
     * Shard sizes for {@code n} images over devices of the given weights: non-negative, summing to
     * {@code n}, each the floor of its exact share plus one for the largest remainders (ties to the
     * earlier device). A batch smaller than the number of devices leaves the last devices without
     * images.
     *
     * @throws IllegalArgumentException for a negative {@code n}, no weights, or a weight that is
     *     negative or not finite, or weights that are all 0
     */
    public static int[] sizes(int n, double[] weights) {
        if (n < 0) {
            throw new IllegalArgumentException("split: negative batch size " + n);
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("split: no devices to split a batch among");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("split: weight " + w + " in " + Arrays.toString(weights)
                        + " is not a finite, non-negative number");
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("split: the weights " + Arrays.toString(weights) + " are all 0");
        }
        int[] sizes = new int[weights.length];
        double[] remainder = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = n * (weights[i] / total);
            sizes[i] = (int) Math.floor(exact);
            remainder[i] = exact - sizes[i];
            given += sizes[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            sizes[best]++;
            remainder[best] = -1;
            given++;
        }
        return sizes;
    }

    /** Equal shares of {@code n} images over {@code devices} devices. */
    public static int[] even(int n, int devices) {
        double[] w = new double[devices];
        Arrays.fill(w, 1);
        return sizes(n, w);
    }

    /**
     * Images {@code [from, from + count)} of {@code batch}, with their labels (and mixup partners'
     * labels and weight) and, where the batch has them, their masks and target images.
     */
    public static Batch slice(Batch batch, int from, int count) {
        if (from < 0 || count < 0 || from + count > batch.size()) {
            throw new IllegalArgumentException("split: images [" + from + ", " + (from + count)
                    + ") are outside a batch of " + batch.size());
        }
        if (from == 0 && count == batch.size()) {
            return batch;
        }
        int per = batch.channels() * batch.height() * batch.width();
        float[] images = Arrays.copyOfRange(batch.images(), from * per, (from + count) * per);
        int[] labels = Arrays.copyOfRange(batch.labels(), from, from + count);
        int[] mix = batch.mixLabels() == null ? null : Arrays.copyOfRange(batch.mixLabels(), from, from + count);
        int plane = batch.height() * batch.width();
        int[] pixelLabels = batch.pixelLabels() == null ? null
                : Arrays.copyOfRange(batch.pixelLabels(), from * plane, (from + count) * plane);
        float[] targets = null;
        if (batch.targets() != null) {
            int perTarget = batch.targets().length / batch.size();
            targets = Arrays.copyOfRange(batch.targets(), from * perTarget, (from + count) * perTarget);
        }
        return new Batch(count, batch.channels(), batch.height(), batch.width(), images, labels, mix, batch.lambda(),
                pixelLabels, targets);
    }
}
