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
 */
public record Batch(int size, int channels, int height, int width, float[] images, int[] labels, int[] mixLabels,
        float lambda) {

    public int[] shape() {
        return new int[] {size, channels, height, width};
    }
}
