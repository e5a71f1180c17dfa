package org.lamina.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled images held in memory as bytes (0..255), NCHW, optionally with a dense target per image:
 * a class per pixel (segmentation masks) or a target image (reconstruction against another image).
 *
 * @param name e.g. {@code fashion-mnist/train}
 * @param count number of images
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param pixels {@code count * channels * height * width} bytes
 * @param labels one class index per image
 * @param classNames the name of each class
 * @param masks null, or {@code count * height * width} bytes: the class of each pixel,
 *     {@link #IGNORE_MASK} where a pixel does not count
 * @param targetChannels channels of each target image; 0 without them
 * @param targets null, or {@code count * targetChannels * height * width} bytes: a target image per image
 */
public record ImageDataset(String name, int count, int channels, int height, int width, byte[] pixels,
        byte[] labels, List<String> classNames, byte[] masks, int targetChannels, byte[] targets) {

    /** The mask value of a pixel that does not count (as PyTorch's segmentation references fill with). */
    public static final int IGNORE_MASK = 255;

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
        if (masks != null && masks.length != (long) count * height * width) {
            throw new IllegalArgumentException(name + ": " + masks.length + " mask bytes do not hold " + count
                    + " masks of " + height + "x" + width);
        }
        if ((targets == null) != (targetChannels == 0) || targetChannels < 0
                || targets != null && targets.length != (long) count * targetChannels * height * width) {
            throw new IllegalArgumentException(name + ": " + (targets == null ? 0 : targets.length) + " target bytes"
                    + " do not hold " + count + " target images of " + targetChannels + "x" + height + "x" + width);
        }
    }

    /** Images without dense targets. */
    public ImageDataset(String name, int count, int channels, int height, int width, byte[] pixels, byte[] labels,
            List<String> classNames) {
        this(name, count, channels, height, width, pixels, labels, classNames, null, 0, null);
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

    /** Whether each image has a mask. */
    public boolean hasMasks() {
        return masks != null;
    }

    /** Whether each image has a target image. */
    public boolean hasTargets() {
        return targets != null;
    }

    /** These images with a mask each ({@code count * height * width} bytes). */
    public ImageDataset withMasks(byte[] newMasks) {
        return new ImageDataset(name, count, channels, height, width, pixels, labels, classNames, newMasks,
                targetChannels, targets);
    }

    /** These images with a target image each ({@code count * targetChannels * height * width} bytes). */
    public ImageDataset withTargets(int newTargetChannels, byte[] newTargets) {
        return new ImageDataset(name, count, channels, height, width, pixels, labels, classNames, masks,
                newTargetChannels, newTargets);
    }

    /** The images at {@code indices}, in that order, named {@code newName}, with their masks and targets. */
    public ImageDataset select(String newName, int[] indices) {
        int size = imageSize(), plane = height * width, tsize = targetChannels * plane;
        byte[] px = new byte[indices.length * size], lab = new byte[indices.length];
        byte[] m = masks == null ? null : new byte[indices.length * plane];
        byte[] t = targets == null ? null : new byte[indices.length * tsize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, px, i * size, size);
            lab[i] = labels[indices[i]];
            if (m != null) {
                System.arraycopy(masks, indices[i] * plane, m, i * plane, plane);
            }
            if (t != null) {
                System.arraycopy(targets, indices[i] * tsize, t, i * tsize, tsize);
            }
        }
        return new ImageDataset(newName, indices.length, channels, height, width, px, lab, classNames, m,
                targetChannels, t);
    }

    /** The first {@code n} images (for quick runs). */
    public ImageDataset head(int n) {
        if (n >= count) {
            return this;
        }
        int plane = height * width;
        return new ImageDataset(name, n, channels, height, width, Arrays.copyOf(pixels, n * imageSize()),
                Arrays.copyOf(labels, n), classNames, masks == null ? null : Arrays.copyOf(masks, n * plane),
                targetChannels, targets == null ? null : Arrays.copyOf(targets, n * targetChannels * plane));
    }
}
