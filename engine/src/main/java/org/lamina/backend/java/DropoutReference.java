package org.lamina.backend.java;

import org.lamina.backend.DropoutOps;

/**
 * Inverted dropout by the mask rule of {@link DropoutOps} (Philox4x32-10 keyed by the seed, counted by
 * the element's block of four): the Java backend's dropout, and the ground truth of the tests.
 */
public final class DropoutReference {
    private DropoutReference() {
    }

    /** The mask of {@code count} elements: {@code 0} or {@code DropoutOps.keepScale(p)} each. */
    public static double[] mask(int count, double p, long seed) {
        double[] mask = new double[count];
        long threshold = DropoutOps.dropThreshold(p) & 0xffffffffL;
        double scale = DropoutOps.keepScale(p);
        int[] words = new int[4];
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
        for (int first = 0; first < count; first += 4) {
            long block = first >>> 2;
            Philox.philox4x32_10((int) block, (int) (block >>> 32), 0, 0, k0, k1, words);
            for (int j = 0; j < 4 && first + j < count; j++) {
                mask[first + j] = (words[j] & 0xffffffffL) >= threshold ? scale : 0;
            }
        }
        return mask;
    }

    /** {@code y = mask * x}, element by element; a dropped value is 0 even where x is infinite or NaN. */
    public static void apply(double[] mask, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = mask[i] == 0 ? 0 : mask[i] * x[i];
        }
    }
}
