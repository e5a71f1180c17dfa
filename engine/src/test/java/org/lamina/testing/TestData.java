package org.lamina.testing;

import java.util.Random;

/** Random inputs for tests, always from a seeded generator so failures reproduce. */
public final class TestData {
    private TestData() {
    }

    public static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    public static double[] gaussianDoubles(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** Product of the dimensions. */
    public static int size(int... shape) {
        int s = 1;
        for (int d : shape) {
            s *= d;
        }
        return s;
    }
}
