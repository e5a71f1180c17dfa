package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lamina.backend.DropoutOps;
import org.lamina.opencl.dropout.PhiloxVectors;

/**
 * Known-answer tests of the Java Philox4x32-10 against the published Random123 test vectors
 * (kat_vectors, philox4x32 with 10 rounds), and of the dropout mask rule built on it.
 */
class PhiloxTest {
    @Test
    void matchesTheRandom123Vectors() {
        for (int[] v : PhiloxVectors.RANDOM123) {
            int[] got = Philox.philox4x32_10(new int[] {v[0], v[1], v[2], v[3]}, new int[] {v[4], v[5]});
            assertArrayEquals(new int[] {v[6], v[7], v[8], v[9]}, got, String.format(
                    "counter %08x %08x %08x %08x key %08x %08x", v[0], v[1], v[2], v[3], v[4], v[5]));
        }
    }

    @Test
    void theMaskFollowsTheDocumentedRule() {
        long seed = 0x0123456789abcdefL;
        double p = 0.4;
        double[] mask = DropoutReference.mask(23, p, seed);
        long threshold = DropoutOps.dropThreshold(p) & 0xffffffffL;
        for (int i = 0; i < mask.length; i++) {
            long block = i >>> 2;
            int[] w = Philox.philox4x32_10(new int[] {(int) block, (int) (block >>> 32), 0, 0},
                    new int[] {(int) seed, (int) (seed >>> 32)});
            boolean kept = (w[i & 3] & 0xffffffffL) >= threshold;
            assertEquals(kept ? DropoutOps.keepScale(p) : 0.0, mask[i], "element " + i);
        }
    }

    @Test
    void thresholdsAndScales() {
        assertEquals(0, DropoutOps.dropThreshold(0));
        assertEquals(0x80000000, DropoutOps.dropThreshold(0.5));
        assertEquals(0xffffffff, DropoutOps.dropThreshold(Math.nextDown(1.0)));
        assertEquals(1.0f, DropoutOps.keepScale(0));
        assertEquals(2.0f, DropoutOps.keepScale(0.5));
        assertEquals((float) (1 / 0.9), DropoutOps.keepScale(0.1));
    }
}
