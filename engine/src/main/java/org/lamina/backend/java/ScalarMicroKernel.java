package org.lamina.backend.java;

/**
 * The micro-kernel without the Vector API: {@code MR} accumulator rows, each a separate array so that
 * the JIT's superword pass sees independent stores and vectorizes the inner loop over {@code NR}
 * columns (one load of B feeds {@code MR} multiply-adds). About half the Vector API kernel's speed
 * per core where the JIT uses AVX-512.
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 64;

    static final Factory FACTORY = new Factory() {
        @Override
        public int mr() {
            return MR;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public MicroKernel create() {
            return new ScalarMicroKernel();
        }

        @Override
        public String describe() {
            return "scalar";
        }
    };

    private final float[] c0 = new float[NR], c1 = new float[NR], c2 = new float[NR], c3 = new float[NR];
    private final float[] b = new float[NR];

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, int rows,
            int cols, boolean add) {
        float[] r0 = c0, r1 = c1, r2 = c2, r3 = c3;
        java.util.Arrays.fill(r0, 0f);
        java.util.Arrays.fill(r1, 0f);
        java.util.Arrays.fill(r2, 0f);
        java.util.Arrays.fill(r3, 0f);
        float[] row = b;
        for (int p = 0; p < kc; p++) {
            int a = aOff + p * MR;
            // The row of B copied to an array of its own, read at the accumulators' index: C2 (JDK 17)
            // vectorizes the loop only then, with no offset between arrays that might be one (2x measured).
            System.arraycopy(bp, bOff + p * NR, row, 0, NR);
            float a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
            for (int j = 0; j < NR; j++) {
                float v = row[j];
                r0[j] += a0 * v;
                r1[j] += a1 * v;
                r2[j] += a2 * v;
                r3[j] += a3 * v;
            }
        }
        float[][] rs = {r0, r1, r2, r3};
        for (int i = 0; i < rows; i++) {
            float[] r = rs[i];
            int o = cOff + i * ldc;
            if (add) {
                for (int j = 0; j < cols; j++) {
                    c[o + j] += r[j];
                }
            } else {
                System.arraycopy(r, 0, c, o, cols);
            }
        }
    }

    /** Whether {@code f}'s kernel gives this kernel's result on a small product (an odd corner included). */
    static boolean agrees(Factory f) {
        java.util.Random rnd = new java.util.Random(1);
        int mr = f.mr(), nr = f.nr(), kc = 37;
        float[] ap = new float[mr * kc], bp = new float[nr * kc];
        for (int i = 0; i < ap.length; i++) {
            ap[i] = rnd.nextInt(7) - 3;
        }
        for (int i = 0; i < bp.length; i++) {
            bp[i] = rnd.nextInt(7) - 3;
        }
        int rows = mr - 1, cols = nr - 3;
        float[] got = new float[rows * cols];
        f.create().run(kc, ap, 0, bp, 0, got, 0, cols, rows, cols, false);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float s = 0;
                for (int p = 0; p < kc; p++) {
                    s += ap[p * mr + i] * bp[p * nr + j];
                }
                if (s != got[i * cols + j]) {
                    return false; // small integers: every sum is exact in float
                }
            }
        }
        return true;
    }
}
