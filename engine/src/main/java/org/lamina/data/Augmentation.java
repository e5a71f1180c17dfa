package org.lamina.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A random change to one image, applied to its values in [0, 1] (before normalization) unless it
 * says otherwise. The random generator is seeded per epoch and image, so a run is reproducible. The
 * ones that move pixels (crop, flip, rotation, zoom, resized crop) are {@link GeometricAugmentation}s:
 * a mask or target image moves with its image; the others change the input image only.
 */
@ConsumerType
public interface Augmentation {

    /** Changes {@code image} ({@code channels x height x width}) in place. */
    void apply(float[] image, int channels, int height, int width, SplittableRandom random);

    /** Whether it applies to normalized values (random erasing) rather than raw ones. */
    default boolean afterNormalization() {
        return false;
    }

    /** Pads by {@code padding} zeros on every side and crops back to the original size at a random place. */
    static Augmentation randomCrop(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("random crop: padding " + padding + " is negative");
        }
        return (GeometricAugmentation) (h, w, rnd) -> {
            int dy = rnd.nextInt(2 * padding + 1) - padding, dx = rnd.nextInt(2 * padding + 1) - padding;
            return new GeometricAugmentation.Move() {
                @Override
                public void image(float[] img, int c) {
                    if (dy == 0 && dx == 0) {
                        return;
                    }
                    float[] src = img.clone();
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                int sy = y + dy, sx = x + dx;
                                img[(ch * h + y) * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w
                                        ? src[(ch * h + sy) * w + sx] : 0f;
                            }
                        }
                    }
                }

                @Override
                public void labels(int[] lab) {
                    if (dy == 0 && dx == 0) {
                        return;
                    }
                    int[] src = lab.clone();
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int sy = y + dy, sx = x + dx;
                            lab[y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[sy * w + sx] : Batch.IGNORE;
                        }
                    }
                }
            };
        };
    }

    /** Mirrors left-right with probability {@code p}. */
    static Augmentation horizontalFlip(double p) {
        checkProbability("horizontal flip", p);
        return (GeometricAugmentation) (h, w, rnd) -> {
            boolean flip = rnd.nextDouble() < p;
            return new GeometricAugmentation.Move() {
                @Override
                public void image(float[] img, int c) {
                    if (flip) {
                        mirror(img, c * h, w);
                    }
                }

                @Override
                public void labels(int[] lab) {
                    if (flip) {
                        for (int row = 0; row < h; row++) {
                            for (int x = 0; x < w / 2; x++) {
                                int a = row * w + x, b = row * w + w - 1 - x;
                                int t = lab[a];
                                lab[a] = lab[b];
                                lab[b] = t;
                            }
                        }
                    }
                }
            };
        };
    }

    private static void mirror(float[] img, int rows, int w) {
        for (int row = 0; row < rows; row++) {
            for (int x = 0; x < w / 2; x++) {
                int a = row * w + x, b = row * w + w - 1 - x;
                float t = img[a];
                img[a] = img[b];
                img[b] = t;
            }
        }
    }

    /**
     * Random erasing (Zhong et al., 2017): with probability {@code p}, a rectangle covering 2%..33% of
     * the image with aspect ratio 0.3..3.3 is set to 0 (the mean, after normalization).
     */
    static Augmentation randomErasing(double p) {
        checkProbability("random erasing", p);
        return new Augmentation() {
            @Override
            public void apply(float[] img, int c, int h, int w, SplittableRandom rnd) {
                if (rnd.nextDouble() >= p) {
                    return;
                }
                for (int attempt = 0; attempt < 10; attempt++) {
                    double area = h * w * (0.02 + rnd.nextDouble() * (0.33 - 0.02));
                    double ratio = Math.exp(Math.log(0.3) + rnd.nextDouble() * (Math.log(1 / 0.3) - Math.log(0.3)));
                    int eh = (int) Math.round(Math.sqrt(area * ratio)), ew = (int) Math.round(Math.sqrt(area / ratio));
                    if (eh < 1 || ew < 1 || eh >= h || ew >= w) {
                        continue;
                    }
                    int y0 = rnd.nextInt(h - eh + 1), x0 = rnd.nextInt(w - ew + 1);
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = y0; y < y0 + eh; y++) {
                            Arrays.fill(img, (ch * h + y) * w + x0, (ch * h + y) * w + x0 + ew, 0f);
                        }
                    }
                    return;
                }
            }

            @Override
            public boolean afterNormalization() {
                return true;
            }
        };
    }

    /** Rotates by an angle drawn uniformly from [-maxDegrees, maxDegrees] (torchvision's {@code RandomRotation}). */
    static Augmentation rotation(double maxDegrees) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("rotation: " + maxDegrees + " degrees is outside [0, 180]");
        }
        return (GeometricAugmentation) (h, w, rnd) -> {
            double degrees = (2 * rnd.nextDouble() - 1) * maxDegrees;
            return move((img, c) -> ImageTransforms.rotate(img, c, h, w, degrees),
                    lab -> ImageTransforms.rotateLabels(lab, h, w, degrees));
        };
    }

    /** Zooms about the centre by a factor drawn uniformly from [min, max] (the scale of torchvision's {@code RandomAffine}). */
    static Augmentation zoom(double min, double max) {
        if (!(min > 0 && min <= max) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("zoom: range " + min + " to " + max + " is not 0 < min <= max");
        }
        return (GeometricAugmentation) (h, w, rnd) -> {
            double f = min + rnd.nextDouble() * (max - min);
            return move((img, c) -> ImageTransforms.zoom(img, c, h, w, f), lab -> ImageTransforms.zoomLabels(lab, h, w, f));
        };
    }

    /**
     * torchvision's {@code RandomResizedCrop} back to the image's own size: a window of {@code minArea}
     * to all of the area, aspect ratio 3/4 to 4/3, at a random place, resized to the whole image.
     */
    static Augmentation randomResizedCrop(double minArea) {
        if (!(minArea > 0 && minArea <= 1)) {
            throw new IllegalArgumentException("random resized crop: area fraction " + minArea + " is outside (0, 1]");
        }
        return (GeometricAugmentation) (h, w, rnd) -> {
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = h * w * (minArea + rnd.nextDouble() * (1 - minArea));
                double ratio = Math.exp(Math.log(3 / 4.0) + rnd.nextDouble() * (Math.log(4 / 3.0) - Math.log(3 / 4.0)));
                int cw = (int) Math.round(Math.sqrt(area * ratio)), ch = (int) Math.round(Math.sqrt(area / ratio));
                if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
                    int y0 = rnd.nextInt(h - ch + 1), x0 = rnd.nextInt(w - cw + 1);
                    return move((img, c) -> ImageTransforms.resizedCrop(img, c, h, w, y0, x0, ch, cw),
                            lab -> ImageTransforms.resizedCropLabels(lab, h, w, y0, x0, ch, cw));
                }
            }
            // as torchvision: no window fitted in 10 tries, keep the whole image
            return move((img, c) -> img, lab -> lab);
        };
    }

    /**
     * torchvision's {@code ColorJitter} without hue: brightness, contrast and saturation factors drawn
     * uniformly from [max(0, 1 - x), 1 + x] for each x given (0: unchanged), applied in that order.
     * Saturation needs RGB images.
     */
    static Augmentation colorJitter(double brightness, double contrast, double saturation) {
        for (double v : new double[] {brightness, contrast, saturation}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("colour jitter: strength " + v + " is not a number >= 0");
            }
        }
        return (img, c, h, w, rnd) -> {
            if (saturation > 0 && c != 3) {
                throw new IllegalArgumentException("colour jitter: saturation needs RGB images, these have " + c
                        + " channel" + (c == 1 ? "" : "s"));
            }
            if (brightness > 0) {
                ImageTransforms.brightness(img, factor(rnd, brightness));
            }
            if (contrast > 0) {
                ImageTransforms.contrast(img, c, h, w, factor(rnd, contrast));
            }
            if (saturation > 0) {
                ImageTransforms.saturation(img, c, h, w, factor(rnd, saturation));
            }
        };
    }

    /** A move from functions that return the moved values (copied back in place). */
    private static GeometricAugmentation.Move move(BiFunction<float[], Integer, float[]> image,
            UnaryOperator<int[]> labels) {
        return new GeometricAugmentation.Move() {
            @Override
            public void image(float[] values, int channels) {
                float[] moved = image.apply(values, channels);
                if (moved != values) {
                    System.arraycopy(moved, 0, values, 0, values.length);
                }
            }

            @Override
            public void labels(int[] values) {
                int[] moved = labels.apply(values);
                if (moved != values) {
                    System.arraycopy(moved, 0, values, 0, values.length);
                }
            }
        };
    }

    private static double factor(SplittableRandom rnd, double strength) {
        double lo = Math.max(0, 1 - strength);
        return lo + rnd.nextDouble() * (1 + strength - lo);
    }

    private static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + ": probability " + p + " is outside [0, 1]");
        }
    }
}
