package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rotation, zoom, resized crop and colour jitter, checked against what each transform must do to known images. */
class ImageTransformsTest {

    /** A c x h x w image of distinct values in (0, 1). */
    static float[] ramp(int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] img = new float[c * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (0.05 + 0.9 * r.nextDouble());
        }
        return img;
    }

    @Test
    void quarterTurnIsRot90() {
        int c = 2, n = 5;
        float[] img = ramp(c, n, n, 1);
        float[] out = ImageTransforms.rotate(img, c, n, n, 90);
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    // numpy's rot90 (counter-clockwise): out[y][x] = in[x][n-1-y]
                    assertEquals(img[(k * n + x) * n + (n - 1 - y)], out[(k * n + y) * n + x], 1e-6, k + "," + y + "," + x);
                }
            }
        }
        // four quarter turns and a half turn twice are the identity; -90 undoes 90
        float[] back = ImageTransforms.rotate(out, c, n, n, -90);
        assertArrayEquals(img, back, 1e-6f);
        float[] half = ImageTransforms.rotate(img, c, n, n, 180);
        for (int i = 0; i < n * n; i++) {
            assertEquals(img[n * n - 1 - i], half[i], 1e-6, "half turn reverses the first plane");
        }
    }

    @Test
    void smallRotationInterpolatesAndFillsZeros() {
        int n = 9;
        float[] ones = new float[n * n];
        Arrays.fill(ones, 1f);
        float[] out = ImageTransforms.rotate(ones, 1, n, n, 30);
        assertEquals(1f, out[4 * n + 4], 1e-6, "the centre stays");
        assertEquals(0f, out[0], 1e-6, "a corner comes from outside the image");
        float[] same = ImageTransforms.rotate(ones, 1, n, n, 0);
        assertArrayEquals(ones, same, 0f);
    }

    @Test
    void zoomByOneIsIdentityAndByTwoMagnifiesTheCentre() {
        float[] img = ramp(3, 6, 8, 2);
        assertArrayEquals(img, ImageTransforms.zoom(img, 3, 6, 8, 1.0), 0f);
        int n = 5;
        float[] sq = ramp(1, n, n, 3);
        float[] z = ImageTransforms.zoom(sq, 1, n, n, 2.0);
        // pixel (y, x) samples (2 + (y - 2) / 2, 2 + (x - 2) / 2): even offsets land on pixels
        assertEquals(sq[2 * n + 2], z[2 * n + 2], 1e-6);
        assertEquals(sq[1 * n + 1], z[0], 1e-6);
        assertEquals(sq[3 * n + 3], z[4 * n + 4], 1e-6);
        assertEquals((sq[2 * n + 2] + sq[2 * n + 3]) / 2, z[2 * n + 3], 1e-6, "halfway between two pixels");
        float[] out = ImageTransforms.zoom(sq, 1, n, n, 0.5);
        assertEquals(0f, out[0], 0f, "zooming out leaves a black margin");
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.zoom(sq, 1, n, n, 0));
    }

    @Test
    void resizedCropOfTheWholeImageIsIdentityAndOfAPixelIsFlat() {
        float[] img = ramp(2, 4, 6, 4);
        assertArrayEquals(img, ImageTransforms.resizedCrop(img, 2, 4, 6, 0, 0, 4, 6), 1e-7f);
        float[] one = ImageTransforms.resizedCrop(img, 2, 4, 6, 1, 2, 1, 1);
        for (int k = 0; k < 2; k++) {
            for (int p = 0; p < 24; p++) {
                assertEquals(img[(k * 4 + 1) * 6 + 2], one[k * 24 + p], 0f);
            }
        }
        // the left half stretched to the full width: every other column is an original pixel
        float[] left = ImageTransforms.resizedCrop(img, 2, 4, 6, 0, 0, 4, 3);
        assertEquals(img[0], left[0], 0f, "clamped at the window's edge");
        assertEquals(0.75 * img[0] + 0.25 * img[1], left[1], 1e-6, "(1 + 0.5) / 2 - 0.5 = 0.25 of the way");
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.resizedCrop(img, 2, 4, 6, 3, 0, 2, 2));
    }

    @Test
    void brightnessScalesTheMean() {
        float[] img = ramp(3, 5, 5, 5);
        for (int i = 0; i < img.length; i++) {
            img[i] *= 0.5f; // room to brighten without clamping
        }
        double before = mean(img);
        float[] b = img.clone();
        ImageTransforms.brightness(b, 1.5);
        assertEquals(1.5 * before, mean(b), 1e-6);
        ImageTransforms.brightness(b, 0);
        assertEquals(0, mean(b), 0, "factor 0 is black");
        float[] bright = new float[] {0.8f, 0.2f};
        ImageTransforms.brightness(bright, 2);
        assertArrayEquals(new float[] {1f, 0.4f}, bright, 1e-7f, "clamped to 1");
    }

    @Test
    void contrastZeroGivesTheMeanImage() {
        float[] gray = ramp(1, 4, 5, 6);
        float m = (float) mean(gray);
        float[] flat = gray.clone();
        ImageTransforms.contrast(flat, 1, 4, 5, 0);
        for (float v : flat) {
            assertEquals(m, v, 1e-6);
        }
        float[] same = gray.clone();
        ImageTransforms.contrast(same, 1, 4, 5, 1);
        assertArrayEquals(gray, same, 1e-7f);
        // RGB: every channel goes to the mean of the luma
        float[] rgb = ramp(3, 3, 3, 7);
        float[] luma = ImageTransforms.gray(rgb, 3, 3, 3);
        float lm = (float) mean(luma);
        ImageTransforms.contrast(rgb, 3, 3, 3, 0);
        for (float v : rgb) {
            assertEquals(lm, v, 1e-6);
        }
        // factor 2 doubles each value's distance from the mean (values near it, so nothing clamps)
        float[] near = {0.5f, 0.45f, 0.55f, 0.5f};
        ImageTransforms.contrast(near, 1, 2, 2, 2);
        assertArrayEquals(new float[] {0.5f, 0.4f, 0.6f, 0.5f}, near, 1e-6f);
    }

    @Test
    void saturationZeroGivesGreyAndNeedsRgb() {
        float[] rgb = ramp(3, 2, 2, 8);
        float[] g = ImageTransforms.gray(rgb, 3, 2, 2);
        ImageTransforms.saturation(rgb, 3, 2, 2, 0);
        for (int k = 0; k < 3; k++) {
            for (int p = 0; p < 4; p++) {
                assertEquals(g[p], rgb[k * 4 + p], 1e-6);
            }
        }
        assertEquals(0.2989 * 0.2 + 0.587 * 0.4 + 0.114 * 0.8,
                ImageTransforms.gray(new float[] {0.2f, 0.4f, 0.8f}, 3, 1, 1)[0], 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> ImageTransforms.saturation(new float[4], 1, 2, 2, 0.5));
        assertTrue(e.getMessage().contains("RGB"), e.getMessage());
    }

    @Test
    void randomAugmentationsDrawWithinTheirRanges() {
        int n = 7;
        // brightness=0.5 on a flat 0.4 image: the result is flat at 0.4 f with f in [0.5, 1.5], and f varies
        double lo = 1, hi = 0;
        for (long seed = 0; seed < 200; seed++) {
            float[] img = new float[n * n];
            Arrays.fill(img, 0.4f);
            Augmentation.colorJitter(0.5, 0, 0).apply(img, 1, n, n, new SplittableRandom(seed));
            double f = img[0] / 0.4;
            assertEquals(img[0], img[n * n - 1], 0f);
            assertTrue(f >= 0.5 - 1e-6 && f <= 1.5 + 1e-6, "factor " + f);
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        assertTrue(lo < 0.6 && hi > 1.4, "factors span the range: " + lo + " to " + hi);
        // a rotation of at most 0 degrees and a zoom range of [1, 1] change nothing
        float[] img = ramp(3, n, n, 9);
        float[] copy = img.clone();
        Augmentation.rotation(0).apply(copy, 3, n, n, new SplittableRandom(1));
        Augmentation.zoom(1, 1).apply(copy, 3, n, n, new SplittableRandom(1));
        Augmentation.randomResizedCrop(1).apply(copy, 3, n, n, new SplittableRandom(1));
        assertArrayEquals(img, copy, 1e-6f);
        // a rotation range changes the image, reproducibly from the generator's seed
        float[] a = img.clone(), b = img.clone();
        Augmentation.rotation(20).apply(a, 3, n, n, new SplittableRandom(5));
        Augmentation.rotation(20).apply(b, 3, n, n, new SplittableRandom(5));
        assertArrayEquals(a, b, 0f);
        assertFalse(Arrays.equals(a, img));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.rotation(-1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.zoom(1.2, 0.8));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.randomResizedCrop(0));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.colorJitter(-0.1, 0, 0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.colorJitter(0, 0, 0.3).apply(new float[n * n], 1, n, n, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("saturation"), e.getMessage());
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
