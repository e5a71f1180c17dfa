package org.lamina.plugins.architectures;

import java.util.Arrays;
import org.lamina.spi.Options;

/**
 * The {@code stem} option the ImageNet architectures share: {@code imagenet} keeps the published
 * first layers (large strided kernels, early pooling), which shrink a 224x224 image 4 to 32 times
 * before the main body; {@code small} adapts them to CIFAR- and MNIST-sized images, which those
 * layers would shrink to nothing; {@code auto} (the default) picks {@code small} for images under
 * {@value #SMALL_BELOW} pixels on a side. What {@code small} changes is on each architecture.
 */
final class Stem {
    /** Images smaller than this on a side get the small stem under {@code stem=auto}. */
    static final int SMALL_BELOW = 64;

    private Stem() {
    }

    /**
     * Whether to build the small stem, after checking the input shape and the class count.
     *
     * @throws IllegalArgumentException for an input that is not {@code [C, H, W]}, fewer than 2 classes,
     *     or a {@code stem} that is not auto, imagenet or small
     */
    static boolean small(String arch, int[] inputShape, int classes, Options options) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(arch + ": needs images [C, H, W], got " + Arrays.toString(inputShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException(arch + ": needs at least 2 classes, got " + classes);
        }
        String stem = options.string("stem", "auto");
        return switch (stem) {
            case "auto" -> Math.min(inputShape[1], inputShape[2]) < SMALL_BELOW;
            case "imagenet" -> false;
            case "small" -> true;
            default -> throw new IllegalArgumentException(arch + ": stem '" + stem + "' is not auto, imagenet or small");
        };
    }

    /** The dropout probability option, checked. */
    static double dropout(String arch, Options options) {
        double p = options.number("dropout", 0.5);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(arch + ": dropout " + p + " is outside [0, 1)");
        }
        return p;
    }
}
