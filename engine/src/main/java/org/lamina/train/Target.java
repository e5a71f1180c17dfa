package org.lamina.train;

import java.util.function.Function;
import org.lamina.data.Batch;
import org.lamina.data.Normalization;
import org.lamina.ops.PixelLabels;

/**
 * What a loss term compares a network output with, made from each batch on the host: the batch's
 * class labels, a class per pixel, or an image per example. The host values also feed the metrics.
 */
public sealed interface Target {

    /** The batch's class labels, {@code [N]}: classification (top-1, top-5). */
    Target CLASSES = new Classes();

    /** The batch's own images, for an output of the input's shape: an autoencoder's reconstruction. */
    Target INPUT = new Images(Batch::images, "the input");

    /** The batch's masks ({@link Batch#pixelLabels}), read from files with the images. */
    Target MASKS = new Pixels(batch -> {
        if (batch.pixelLabels() == null) {
            throw new IllegalArgumentException("pixel targets: the batch has no masks (its dataset was read without"
                    + " them)");
        }
        return batch.pixelLabels();
    }, "the masks");

    /** The batch's target images ({@link Batch#targets}), read from files with the images. */
    Target TARGET_IMAGES = new Images(batch -> {
        if (batch.targets() == null) {
            throw new IllegalArgumentException("target images: the batch has none (its dataset was read without"
                    + " them)");
        }
        return batch.targets();
    }, "the target images");

    /** What a loss term's description says of its target. */
    String description();

    /** The batch's class labels. */
    record Classes() implements Target {
        @Override
        public String description() {
            return "class labels";
        }
    }

    /**
     * A class per pixel, {@code [N, H, W]} row-major, {@link PixelLabels#IGNORE} where a pixel does not
     * count (outside the image's mask): segmentation (pixel accuracy, mean IoU).
     */
    record Pixels(Function<Batch, int[]> labels, String description) implements Target {
    }

    /**
     * An image per example of the output's shape, {@code [N, C, H, W]} row-major: reconstruction (mean
     * squared error, PSNR).
     */
    record Images(Function<Batch, float[]> images, String description) implements Target {
    }

    /**
     * Foreground against background from the images themselves, for datasets without masks (Fashion-MNIST's
     * items on their black background): a pixel whose value, scaled to [0, 1] before normalization and
     * averaged over the channels, is above {@code threshold} is class 1 (the item), at or below
     * {@code threshold - band} class 0 (background); in between it does not count (the soft edge, where
     * either answer is defensible). {@code normalization} undoes the loader's.
     *
     * @throws IllegalArgumentException for a threshold outside (0, 1) or a band outside [0, threshold)
     */
    static Target foreground(Normalization normalization, double threshold, double band) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("foreground masks: threshold " + threshold + " is outside (0, 1)");
        }
        if (!(band >= 0 && band < threshold)) {
            throw new IllegalArgumentException("foreground masks: band " + band + " is outside [0, " + threshold + ")");
        }
        float[] mean = normalization.mean(), std = normalization.std();
        return new Pixels(batch -> {
            int n = batch.size(), c = batch.channels(), plane = batch.height() * batch.width();
            if (c != mean.length) {
                throw new IllegalArgumentException("foreground masks: images of " + c + " channels, a normalization of "
                        + mean.length);
            }
            float[] x = batch.images();
            int[] labels = new int[n * plane];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < plane; p++) {
                    double v = 0;
                    for (int ch = 0; ch < c; ch++) {
                        v += x[(i * c + ch) * plane + p] * std[ch] + mean[ch];
                    }
                    v /= c;
                    labels[i * plane + p] = v > threshold ? 1 : v <= threshold - band ? 0 : PixelLabels.IGNORE;
                }
            }
            return labels;
        }, "foreground where the pixel > " + threshold + ", background at or below " + (threshold - band)
                + (band > 0 ? ", not counted between" : ""));
    }
}
