package org.lamina.data;

import java.util.Arrays;

/**
 * The deterministic image changes behind the random {@link Augmentation}s, on CHW values in [0, 1]:
 * affine resampling (rotation, zoom, crop-and-resize) with bilinear interpolation and zeros outside
 * the image, and torchvision's colour adjustments (results clamped to [0, 1]).
 */
public final class ImageTransforms {
    /** torchvision's {@code rgb_to_grayscale} weights (ITU-R 601-2 luma). */
    static final float RED = 0.2989f, GREEN = 0.587f, BLUE = 0.114f;

    private ImageTransforms() {
    }

    /**
     * {@code img} rotated counter-clockwise (as seen) by {@code degrees} about its centre, the corners
     * that come from outside the image set to 0, as torchvision's {@code rotate} with bilinear
     * interpolation. A quarter turn of a square image is numpy's {@code rot90}.
     */
    public static float[] rotate(float[] img, int c, int h, int w, double degrees) {
        double t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
        // an output point at (x', y') from the centre takes the input at R(theta)^-1 (x', y'), y pointing down
        return affine(img, c, h, w, cos, -sin, sin, cos);
    }

    /** {@code img} scaled by {@code factor} about its centre (above 1 zooms in, below 1 leaves a black margin). */
    public static float[] zoom(float[] img, int c, int h, int w, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("zoom: factor " + factor + " is not a positive number");
        }
        return affine(img, c, h, w, 1 / factor, 0, 0, 1 / factor);
    }

    /**
     * The {@code ch x cw} window at row {@code y0}, column {@code x0} of {@code img}, resized to the
     * whole {@code h x w} (bilinear, pixel centres aligned as PyTorch's {@code align_corners=False}).
     */
    public static float[] resizedCrop(float[] img, int c, int h, int w, int y0, int x0, int ch, int cw) {
        if (ch < 1 || cw < 1 || y0 < 0 || x0 < 0 || y0 + ch > h || x0 + cw > w) {
            throw new IllegalArgumentException("resized crop: window " + ch + "x" + cw + " at (" + y0 + ", " + x0
                    + ") is not inside the " + h + "x" + w + " image");
        }
        float[] out = new float[img.length];
        double sy = (double) ch / h, sx = (double) cw / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // clamped to the window: no zeros come in from outside it
                double fy = Math.min(Math.max(y0 + (y + 0.5) * sy - 0.5, y0), y0 + ch - 1);
                double fx = Math.min(Math.max(x0 + (x + 0.5) * sx - 0.5, x0), x0 + cw - 1);
                for (int k = 0; k < c; k++) {
                    out[(k * h + y) * w + x] = bilinear(img, k, h, w, fy, fx);
                }
            }
        }
        return out;
    }

    /** Per-pixel labels ({@code h x w}) moved as {@link #rotate} moves an image: nearest pixel, IGNORE from outside. */
    static int[] rotateLabels(int[] labels, int h, int w, double degrees) {
        double t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
        return affineLabels(labels, h, w, cos, -sin, sin, cos);
    }

    /** Per-pixel labels moved as {@link #zoom} moves an image. */
    static int[] zoomLabels(int[] labels, int h, int w, double factor) {
        return affineLabels(labels, h, w, 1 / factor, 0, 0, 1 / factor);
    }

    /** Per-pixel labels moved as {@link #resizedCrop} moves an image: the nearest pixel of the window. */
    static int[] resizedCropLabels(int[] labels, int h, int w, int y0, int x0, int ch, int cw) {
        int[] out = new int[labels.length];
        double sy = (double) ch / h, sx = (double) cw / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double fy = Math.min(Math.max(y0 + (y + 0.5) * sy - 0.5, y0), y0 + ch - 1);
                double fx = Math.min(Math.max(x0 + (x + 0.5) * sx - 0.5, x0), x0 + cw - 1);
                out[y * w + x] = nearest(labels, h, w, fy, fx);
            }
        }
        return out;
    }

    /** Each value times {@code factor}: 0 gives black, 1 the image (torchvision's {@code adjust_brightness}). */
    public static void brightness(float[] img, double factor) {
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp((float) (img[i] * factor));
        }
    }

    /**
     * Blends with the mean grey level of the image: 0 gives a flat image of that mean, 1 the image, 2
     * twice its contrast (torchvision's {@code adjust_contrast}).
     */
    public static void contrast(float[] img, int c, int h, int w, double factor) {
        float[] gray = gray(img, c, h, w);
        double sum = 0;
        for (float v : gray) {
            sum += v;
        }
        blend(img, c, h * w, factor, (float) (sum / gray.length), null);
    }

    /** Blends an RGB image with its grey version: 0 gives grey, 1 the image (torchvision's {@code adjust_saturation}). */
    public static void saturation(float[] img, int c, int h, int w, double factor) {
        if (c != 3) {
            throw new IllegalArgumentException("saturation: images have " + c + " channels; it needs 3 (RGB)");
        }
        blend(img, c, h * w, factor, 0, gray(img, c, h, w));
    }

    /** The grey level of each pixel: the luma of RGB, the single channel as it is. */
    static float[] gray(float[] img, int c, int h, int w) {
        int plane = h * w;
        if (c == 1) {
            return Arrays.copyOf(img, plane);
        }
        if (c != 3) {
            throw new IllegalArgumentException("images have 1 (grey) or 3 (RGB) channels, not " + c);
        }
        float[] g = new float[plane];
        for (int p = 0; p < plane; p++) {
            g[p] = RED * img[p] + GREEN * img[plane + p] + BLUE * img[2 * plane + p];
        }
        return g;
    }

    /** {@code factor * img + (1 - factor) * other}, other being {@code gray} per pixel or the constant {@code flat}. */
    private static void blend(float[] img, int c, int plane, double factor, float flat, float[] gray) {
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < plane; p++) {
                float o = gray != null ? gray[p] : flat;
                img[k * plane + p] = clamp((float) (factor * img[k * plane + p] + (1 - factor) * o));
            }
        }
    }

    /**
     * Resamples about the image centre: the output point at offset (x, y) from the centre takes the
     * input at (a x + b y, d x + e y) from it.
     */
    private static float[] affine(float[] img, int c, int h, int w, double a, double b, double d, double e) {
        float[] out = new float[img.length];
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ox = x - cx, oy = y - cy;
                double fx = cx + a * ox + b * oy, fy = cy + d * ox + e * oy;
                for (int k = 0; k < c; k++) {
                    out[(k * h + y) * w + x] = bilinear(img, k, h, w, fy, fx);
                }
            }
        }
        return out;
    }

    /** {@link #affine} for per-pixel labels: the nearest pixel's label. */
    private static int[] affineLabels(int[] labels, int h, int w, double a, double b, double d, double e) {
        int[] out = new int[labels.length];
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ox = x - cx, oy = y - cy;
                out[y * w + x] = nearest(labels, h, w, cy + d * ox + e * oy, cx + a * ox + b * oy);
            }
        }
        return out;
    }

    /**
     * The label of the pixel nearest (fy, fx), IGNORE outside the image; halfway rounds up, and positions
     * within rounding error of a pixel centre snap to it, as {@link #bilinear} does.
     */
    private static int nearest(int[] labels, int h, int w, double fy, double fx) {
        int y = (int) Math.floor(fy + 0.5 + 1e-9), x = (int) Math.floor(fx + 0.5 + 1e-9);
        return y < 0 || y >= h || x < 0 || x >= w ? Batch.IGNORE : labels[y * w + x];
    }

    /** Channel {@code k} at (fy, fx), bilinear; neighbours outside the image count as 0. */
    private static float bilinear(float[] img, int k, int h, int w, double fy, double fx) {
        // snap positions within rounding error of a pixel centre (cos 90 degrees is 6e-17, not 0)
        double ry = Math.rint(fy), rx = Math.rint(fx);
        if (Math.abs(fy - ry) < 1e-9) {
            fy = ry;
        }
        if (Math.abs(fx - rx) < 1e-9) {
            fx = rx;
        }
        int y0 = (int) Math.floor(fy), x0 = (int) Math.floor(fx);
        double ty = fy - y0, tx = fx - x0;
        double v = (1 - ty) * ((1 - tx) * at(img, k, h, w, y0, x0) + tx * at(img, k, h, w, y0, x0 + 1))
                + ty * ((1 - tx) * at(img, k, h, w, y0 + 1, x0) + tx * at(img, k, h, w, y0 + 1, x0 + 1));
        return (float) v;
    }

    private static float at(float[] img, int k, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0f : img[(k * h + y) * w + x];
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
