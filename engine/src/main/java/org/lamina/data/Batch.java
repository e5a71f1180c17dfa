package org.lamina.data;

/**
 * One mini-batch, NCHW float32 images and class labels. With mixup, each image is
 * {@code lambda * a + (1 - lambda) * b} and its target is the same mix of {@code labels} and
 * {@code mixLabels}; without it, {@code mixLabels} is null and {@code lambda} is 1.
 *
 * @param size images in the batch
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param images {@code size * channels * height * width} values
 * @param labels class of each image
 * @param mixLabels class of each image's mixup partner, or null
 * @param lambda mixup weight of {@code labels}
 * @param pixelLabels null, or the class of each pixel of each image's mask, {@code size * height * width},
 *     {@link #IGNORE} where a pixel does not count; moved with the image by geometric augmentations
 * @param targets null, or each image's target image in [0, 1], {@code size * C * height * width}
 *     (C the target images' channels); moved with the image by geometric augmentations
 */
public record Batch(int size, int channels, int height, int width, float[] images, int[] labels, int[] mixLabels,
        float lambda, int[] pixelLabels, float[] targets) {

    /** The pixel label of a pixel that does not count (the ops' {@code PixelLabels.IGNORE}). */
    public static final int IGNORE = -1;

    /** A batch without masks or target images. */
    public Batch(int size, int channels, int height, int width, float[] images, int[] labels, int[] mixLabels,
            float lambda) {
        this(size, channels, height, width, images, labels, mixLabels, lambda, null, null);
    }

    public int[] shape() {
        return new int[] {size, channels, height, width};
    }
}
