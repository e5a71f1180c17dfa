package org.lamina.backend.java;

/**
 * The counter-based generator Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
 * as easy as 1, 2, 3", SC 2011), with Random123's constants and round structure: ten rounds over a
 * 128-bit counter under a 64-bit key, the key bumped by the Weyl constants between rounds. Word for
 * word the same as {@code dropout.cl}, so both backends draw the same numbers.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    private Philox() {
    }

    /** {@code philox4x32_10(counter, key)}: four 32-bit words of {@code counter} and two of {@code key}. */
    public static int[] philox4x32_10(int[] counter, int[] key) {
        if (counter.length != 4 || key.length != 2) {
            throw new IllegalArgumentException("philox4x32-10: counter of 4 words and key of 2 words expected, got "
                    + counter.length + " and " + key.length);
        }
        int[] out = new int[4];
        philox4x32_10(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        return out;
    }

    /** As {@link #philox4x32_10(int[], int[])}, writing the four words into {@code out}. */
    public static void philox4x32_10(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xffffffffL) * (c0 & 0xffffffffL);
            long p1 = (M1 & 0xffffffffL) * (c2 & 0xffffffffL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
