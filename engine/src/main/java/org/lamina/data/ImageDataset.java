package org.lamina.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled images held in memory as bytes (0..255), NCHW.
 *
 * @param name e.g. {@code fashion-mnist/train}
 * @param count number of images
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param pixels {@code count * channels * height * width} bytes
 * @param labels one class index per image
 * @param classNames the name of each class
 */
public record ImageDataset(String name, int count, int channels, int height, int width, byte[] pixels,
        byte[] labels, List<String> classNames) {

    public ImageDataset {
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes do not hold " + count
                    + " images of " + channels + "x" + height + "x" + width);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + count + " images");
        }
        for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xff) >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + (labels[i] & 0xff) + " of image " + i
                        + " is not below the " + classNames.size() + " classes");
            }
        }
    }

    public int classes() {
        return classNames.size();
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** The images at {@code indices}, in that order, named {@code newName}. */
    public ImageDataset select(String newName, int[] indices) {
        int size = imageSize();
        byte[] px = new byte[indices.length * size], lab = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, px, i * size, size);
            lab[i] = labels[indices[i]];
        }
        return new ImageDataset(newName, indices.length, channels, height, width, px, lab, classNames);
    }

    /** The first {@code n} images (for quick runs). */
    public ImageDataset head(int n) {
        if (n >= count) {
            return this;
        }
        return new ImageDataset(name, n, channels, height, width, Arrays.copyOf(pixels, n * imageSize()),
                Arrays.copyOf(labels, n), classNames);
    }
}
