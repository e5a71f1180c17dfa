package org.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Closeness of float32 results computed two ways (OpenCL against the Java reference, say). */
public final class Approx {
    private Approx() {
    }

    /**
     * Equal up to float32 rounding of sums: each value within {@code 1e-5} of the reference's largest
     * magnitude plus {@code 1e-5} of its own, plus {@code 1e-6}.
     */
    public static void close(String what, float[] expected, float[] actual) {
        close(what, expected, actual, 1e-5);
    }

    /** As {@link #close(String, float[], float[])} with relative tolerance {@code rel}. */
    public static void close(String what, float[] expected, float[] actual, double rel) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * scale + rel * Math.abs(expected[i]) + 1e-6;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": at " + i + " expected " + expected[i] + " got " + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
