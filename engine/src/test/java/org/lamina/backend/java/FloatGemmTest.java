package org.lamina.backend.java;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float GEMM against the product written out in double precision: random sizes around the
 * blocking (edges of the micro-kernel, more than one K slice, tiles on both threads), every
 * transposition, leading dimensions wider than the matrix and offsets into the arrays, overwriting and
 * accumulating; with the scalar kernel and with the kernel the JVM picked.
 */
class FloatGemmTest {
    @Test
    void theScalarKernelMatchesTheDoubleProduct() {
        compare(ScalarMicroKernel.FACTORY, 60, 3);
    }

    @Test
    void theChosenKernelMatchesTheDoubleProduct() {
        compare(MicroKernel.best(), 60, 4);
    }

    @Test
    void theVectorKernelIsChosenWhenTheModuleIsThere() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, FloatGemm.kernel().startsWith("vector x"), FloatGemm.kernel());
        assertTrue(ScalarMicroKernel.agrees(MicroKernel.best()));
    }

    @Test
    void anEmptyDepthClearsOrKeeps() {
        float[] c = {1, 2, 3, 4};
        FloatGemm.gemm(true, false, 2, 2, 0, new float[0], 0, 2, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        FloatGemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
    }

    private static void compare(MicroKernel.Factory f, int trials, long seed) {
        Random rnd = new Random(seed);
        for (int t = 0; t < trials; t++) {
            boolean big = t % 6 == 0;
            int m = 1 + rnd.nextInt(big ? 300 : 40), n = 1 + rnd.nextInt(big ? 600 : 80),
                    k = 1 + rnd.nextInt(big ? 700 : 60);
            boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean(), acc = rnd.nextInt(3) == 0;
            int lda = (ta ? m : k) + rnd.nextInt(3), ldb = (tb ? k : n) + rnd.nextInt(3), ldc = n + rnd.nextInt(3);
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5);
            float[] a = gaussian(rnd, aOff + (ta ? k : m) * lda), b = gaussian(rnd, bOff + (tb ? n : k) * ldb);
            float[] c = gaussian(rnd, cOff + m * ldc);
            float[] expected = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = acc ? c[cOff + i * ldc + j] : 0;
                    for (int p = 0; p < k; p++) {
                        double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += x * y;
                    }
                    expected[cOff + i * ldc + j] = (float) s;
                }
            }
            FloatGemm.gemm(f, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
            // float sums of k products: the tolerance grows with the depth
            close(f.describe() + " " + m + "x" + n + "x" + k + (ta ? " A^T" : "") + (tb ? " B^T" : "")
                    + (acc ? " +=" : ""), expected, c, 2e-6 * Math.sqrt(k) + 1e-5);
        }
    }
}
