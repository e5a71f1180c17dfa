package org.lamina.backend.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the JDK's Vector API: 6 rows by two vectors of the CPU's preferred width (16
 * floats with AVX-512, 8 with AVX2), twelve accumulators that stay in registers, one fused
 * multiply-add per row and vector for each depth. Loaded only when {@code jdk.incubator.vector} is
 * present ({@link MicroKernel#best()}).
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    private static final Factory FACTORY = new Factory() {
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
            return new VectorMicroKernel();
        }

        @Override
        public String describe() {
            return "vector x" + L;
        }
    };

    /** The corner of a block at the edge of C, before its live part is copied out. */
    private final float[] edge = new float[MR * NR];

    static Factory factory() {
        return FACTORY;
    }

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, int rows,
            int cols, boolean add) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z,
                c50 = z, c51 = z;
        int a = aOff, b = bOff;
        for (int p = 0; p < kc; p++, a += MR, b += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b), b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[a + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[a + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        if (rows == MR && cols == NR) {
            store(c, cOff, c00, c01, add);
            store(c, cOff + ldc, c10, c11, add);
            store(c, cOff + 2 * ldc, c20, c21, add);
            store(c, cOff + 3 * ldc, c30, c31, add);
            store(c, cOff + 4 * ldc, c40, c41, add);
            store(c, cOff + 5 * ldc, c50, c51, add);
            return;
        }
        float[] e = edge;
        c00.intoArray(e, 0);
        c01.intoArray(e, L);
        c10.intoArray(e, NR);
        c11.intoArray(e, NR + L);
        c20.intoArray(e, 2 * NR);
        c21.intoArray(e, 2 * NR + L);
        c30.intoArray(e, 3 * NR);
        c31.intoArray(e, 3 * NR + L);
        c40.intoArray(e, 4 * NR);
        c41.intoArray(e, 4 * NR + L);
        c50.intoArray(e, 5 * NR);
        c51.intoArray(e, 5 * NR + L);
        for (int i = 0; i < rows; i++) {
            int o = cOff + i * ldc;
            if (add) {
                for (int j = 0; j < cols; j++) {
                    c[o + j] += e[i * NR + j];
                }
            } else {
                System.arraycopy(e, i * NR, c, o, cols);
            }
        }
    }

    private static void store(float[] c, int o, FloatVector v0, FloatVector v1, boolean add) {
        if (add) {
            v0 = v0.add(FloatVector.fromArray(S, c, o));
            v1 = v1.add(FloatVector.fromArray(S, c, o + L));
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + L);
    }
}
