package org.lamina.plugins.swish;

import java.util.Random;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.opencl.OpenClTests;

/** The backends the plugin's tests run on, opened once per test JVM, and random data. */
final class SwishTesting {
    private static Backend java;
    private static Backend openCl;

    private SwishTesting() {
    }

    static synchronized Backend java() {
        if (java == null) {
            java = Backends.open(Backends.JAVA);
        }
        return java;
    }

    /** The OpenCL backend; skips (or, with CI=true, fails) when there is no device. */
    static synchronized Backend openCl() {
        if (openCl == null) {
            openCl = Backends.open(String.valueOf(OpenClTests.device().index()));
        }
        return openCl;
    }

    static float[] gaussian(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

    /** A random shape of rank 1 to 4 with at most about {@code max} elements. */
    static int[] shape(Random rnd, int max) {
        int rank = 1 + rnd.nextInt(4);
        int[] dims = new int[rank];
        int left = max;
        for (int d = 0; d < rank; d++) {
            dims[d] = 1 + rnd.nextInt(Math.max(1, (int) Math.pow(left, 1.0 / (rank - d))));
            left = Math.max(1, left / dims[d]);
        }
        return dims;
    }
}
