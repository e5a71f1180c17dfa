package org.lamina.opencl.gemm;

import org.lamina.opencl.TestShapes;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.gemm.GemmKernels.BiasAxis;
import org.lamina.opencl.tuning.DeviceDescription;
import org.lamina.opencl.tuning.TuningDatabase;

/**
 * The GEMM kernel against a plain double-precision product written from {@link MatrixView}'s
 * addressing rule: random sizes (mostly not multiples of the tile), all four transposition
 * combinations, padded leading dimensions and offsets, two batch levels (shared operands included),
 * reduction batches, a bias along rows or columns, and {@code alpha}/{@code beta} with
 * {@code beta = 1} accumulating into C. Values of C outside the product (row padding) must stay
 * untouched.
 */
class GemmKernelsTest {

    /** One operand: its host values and the view the kernel reads them through. */
    record Operand(float[] data, long offset, int rowStride, int colStride, long s1, long s2, long r) {
        double at(int b1, int b2, int red, int i, int j) {
            return data[(int) (offset + b1 * s1 + b2 * s2 + red * r + (long) i * rowStride + (long) j * colStride)];
        }

        MatrixView view(Buffer b) {
            return new MatrixView(b, offset, rowStride, colStride, s1, s2, r);
        }
    }

    /**
     * A random operand of {@code rows x cols} (as opA or opB sees it), stored transposed when
     * {@code transposed}, with padding in the leading dimension, an offset, and a batch layout where
     * the first batch level may be shared (stride 0, as a weight shared by the images).
     */
    static Operand operand(Random rnd, int rows, int cols, boolean transposed, int b1, int b2, int reductions) {
        int storedRows = transposed ? cols : rows, storedCols = transposed ? rows : cols;
        int ld = storedCols + (rnd.nextBoolean() ? 0 : rnd.nextInt(3));
        long matrix = (long) storedRows * ld;
        long r = reductions > 1 ? matrix : 0;
        long s2 = b2 > 1 ? matrix * reductions : 0;
        boolean shared = b1 > 1 && rnd.nextInt(3) == 0;
        long s1 = b1 > 1 && !shared ? matrix * reductions * b2 : 0;
        long offset = rnd.nextInt(4);
        int total = (int) (offset + (shared ? 1 : b1) * (long) b2 * reductions * matrix);
        float[] data = new float[total];
        for (int i = 0; i < total; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        return transposed ? new Operand(data, offset, 1, ld, s1, s2, r) : new Operand(data, offset, ld, 1, s1, s2, r);
    }

    @Test
    void randomProductsMatchADoublePrecisionReference() {
        ClContext ctx = OpenClTests.context();
        GemmKernels gemm = new GemmKernels(ctx);
        check(ctx, gemm, new Random(314), TestShapes.count(240, 32));
    }

    @Test
    void otherTilesGiveTheSameProducts() {
        ClContext ctx = OpenClTests.context();
        // Scalar and vector tiles, odd shapes, k-unrolling, and the local-memory kernel.
        for (GemmKernels.Tuning t : new GemmKernels.Tuning[] {new GemmKernels.Tuning(1, 1, 1, 1, false, 1, 16, true),
            new GemmKernels.Tuning(3, 6, 2, 3, false, 1, 8, false), new GemmKernels.Tuning(8, 16, 8, 4, false, 1, 64, true),
            new GemmKernels.Tuning(5, 32, 16, 5, false, 1, 32, false), new GemmKernels.Tuning(2, 8, 4, 4, true, 4, 4, true),
            new GemmKernels.Tuning(3, 4, 4, 7, true, 2, 8, false)}) {
            check(ctx, new GemmKernels(ctx, t), new Random(271), TestShapes.count(64, 32));
        }
    }

    /**
     * The GEMM tiles of every tuning database entry a GPU can match (generic, gpu, the vendors'), as
     * a GPU with on-chip local memory gets them (the local-memory kernel in work-groups of up to 256),
     * run here first.
     */
    @Test
    void everyDatabaseEntrysTilesGiveTheSameProducts() {
        ClContext ctx = OpenClTests.context();
        DeviceDescription gpu = new DeviceDescription("any", DeviceType.GPU, "any", "any", 1024, 8, true, 32768);
        for (TuningDatabase.Entry e : TuningDatabase.builtIn().entries()) {
            String type = e.table().device().type();
            if (type != null && !type.equals("gpu")) {
                continue;
            }
            GemmKernels.Tuning t = TuningDatabase.builtIn().lookup(gpu, e.table(), e.file())
                    .tuning(GemmKernels.Tuning.SPEC);
            if (t.workGroup() > ctx.device().maxWorkGroupSize()) {
                continue; // this device cannot launch it; launch limits are checked elsewhere
            }
            check(ctx, new GemmKernels(ctx, t), new Random(272), 12);
        }
    }

    @Test
    void matmulCoversTheFourTranspositions() {
        ClContext ctx = OpenClTests.context();
        GemmKernels gemm = new GemmKernels(ctx);
        Random rnd = new Random(5);
        for (int trial = 0; trial < 16; trial++) {
            int m = 1 + rnd.nextInt(19), n = 1 + rnd.nextInt(19), k = 1 + rnd.nextInt(19);
            boolean ta = (trial & 1) != 0, tb = (trial & 2) != 0;
            float[] a = gaussian(rnd, m * k), b = gaussian(rnd, k * n);
            double[] expected = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    }
                    expected[i * n + j] = s;
                }
            }
            try (Buffer ba = ctx.upload(a); Buffer bb = ctx.upload(b); Buffer bc = ctx.allocate((long) m * n)) {
                gemm.matmul(ba, ta, bb, tb, bc, m, n, k);
                float[] got = ctx.read(bc);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-5 * (1 + Math.abs(expected[i])) * k,
                            "matmul transA=" + ta + " transB=" + tb + " " + m + "x" + n + "x" + k + " at " + i);
                }
            }
        }
    }

    /**
     * B rows readable past N (to whole tiles): edge tiles load whole vectors, and whatever the padding
     * holds (NaN here) must not reach C.
     */
    @Test
    void paddedRowsOfBLoadWholeVectorsAndDropThePadding() {
        ClContext ctx = OpenClTests.context();
        GemmKernels gemm = new GemmKernels(ctx, new GemmKernels.Tuning(3, 16, 8, 4, false, 1, 16, true));
        Random rnd = new Random(9);
        for (int n : new int[] {1, 7, 16, 27, 33}) {
            int m = 11, k = 23, ld = (n + 15) / 16 * 16;
            float[] a = gaussian(rnd, m * k), b = new float[k * ld];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < ld; j++) {
                    b[p * ld + j] = j < n ? (float) rnd.nextGaussian() : Float.NaN;
                }
            }
            try (Buffer ba = ctx.upload(a); Buffer bb = ctx.upload(b); Buffer bc = ctx.allocate((long) m * n)) {
                gemm.multiply(GemmCall.of(m, n, k).a(MatrixView.rowMajor(ba, 0, k)).b(MatrixView.rowMajor(bb, 0, ld))
                        .c(MatrixView.rowMajor(bc, 0, n)).bReadable(ld));
                float[] got = ctx.read(bc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            s += (double) a[i * k + p] * b[p * ld + j];
                        }
                        assertEquals(s, got[i * n + j], 1e-4 * (1 + Math.abs(s)), "n=" + n + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    /**
     * A transposed B (a dense layer's {@code W^T}) is gathered into panels; one larger than the gather
     * budget goes in slices of its rows, each accumulating into C, with the bias added once.
     */
    @Test
    void aTransposedBBeyondTheGatherBudgetIsMultipliedInSlices() {
        // Millions of multiply-adds by construction (the budget is 4M floats): too many for a simulator.
        // The slices run the same kernels as the other tests, which the small mode keeps.
        org.junit.jupiter.api.Assumptions.assumeFalse(TestShapes.small(), "too large for the small shapes");
        ClContext ctx = OpenClTests.context();
        GemmKernels gemm = new GemmKernels(ctx);
        Random rnd = new Random(13);
        int m = 3, n = 40, reductions = 2;
        int k = (int) (GemmKernels.GATHER_BUDGET / (reductions * n)) + 1234; // at least two slices
        float[] a = gaussian(rnd, reductions * m * k), b = gaussian(rnd, reductions * n * k);
        float[] bias = gaussian(rnd, n), prior = gaussian(rnd, m * n);
        try (Buffer ba = ctx.upload(a); Buffer bb = ctx.upload(b); Buffer bbias = ctx.upload(bias);
                Buffer bc = ctx.upload(prior)) {
            MatrixView va = MatrixView.rowMajor(ba, 0, k).reducing((long) m * k);
            MatrixView vb = MatrixView.rowMajor(bb, 0, k).reducing((long) n * k).transposed(); // B stored n x k
            gemm.multiply(GemmCall.of(m, n, k).a(va).b(vb).c(MatrixView.rowMajor(bc, 0, n))
                    .bias(bbias, BiasAxis.COLUMNS, 0).reductions(reductions).alpha(0.5f).beta(2f));
            float[] got = ctx.read(bc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int r = 0; r < reductions; r++) {
                        for (int p = 0; p < k; p++) {
                            s += (double) a[(r * m + i) * k + p] * b[(r * n + j) * k + p];
                        }
                    }
                    double want = 0.5 * s + 2.0 * prior[i * n + j] + bias[j];
                    assertEquals(want, got[i * n + j], 2e-5 * Math.sqrt(reductions * k) * (1 + Math.abs(want)),
                            "at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void buffersTooSmallForTheViewsAreRejected() {
        ClContext ctx = OpenClTests.context();
        GemmKernels gemm = new GemmKernels(ctx);
        try (Buffer a = ctx.allocate(12); Buffer b = ctx.allocate(12); Buffer c = ctx.allocate(9);
                Buffer bias = ctx.allocate(2)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> gemm.multiply(GemmCall.of(3, 3, 5).a(MatrixView.rowMajor(a, 0, 5))
                            .b(MatrixView.rowMajor(b, 0, 3)).c(MatrixView.rowMajor(c, 0, 3))));
            assertTrue(e.getMessage().contains("gemm: A holds 12 floats but the op needs 15"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> gemm.multiply(GemmCall.of(3, 3, 4).a(MatrixView.rowMajor(a, 0, 4))
                            .b(MatrixView.rowMajor(b, 0, 3)).c(MatrixView.rowMajor(c, 0, 3))
                            .bias(bias, BiasAxis.COLUMNS, 0)));
            assertTrue(e.getMessage().contains("gemm: bias holds 2 floats but the op needs 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> gemm.multiply(GemmCall.of(3, 3, 4).a(MatrixView.rowMajor(a, 0, 4))
                            .b(MatrixView.rowMajor(b, 0, 3)).c(MatrixView.rowMajor(c, 0, 3).transposed())));
            assertTrue(e.getMessage().contains("row-major"), e.getMessage());
        }
    }

    private static void check(ClContext ctx, GemmKernels gemm, Random rnd, int trials) {
        int[] transposeCounts = new int[4];
        int withBias = 0, accumulating = 0, reducing = 0, batched = 0;
        for (int trial = 0; trial < trials; trial++) {
            int tile = gemm.tuning().tm() * gemm.tuning().tn();
            int m = 1 + rnd.nextInt(trial % 5 == 0 ? 70 : 23), n = 1 + rnd.nextInt(trial % 7 == 0 ? 70 : 23);
            int k = 1 + rnd.nextInt(trial % 6 == 0 ? 90 : 17);
            boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean();
            int b1 = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1, b2 = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1;
            int reductions = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
            Operand a = operand(rnd, m, k, ta, b1, b2, reductions);
            Operand b = operand(rnd, k, n, tb, b1, b2, reductions);
            int ldc = n + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(3));
            long cOff = rnd.nextInt(3);
            long cs2 = (long) m * ldc, cs1 = cs2 * b2;
            float[] c0 = gaussian(rnd, (int) (cOff + cs1 * b1));
            float beta = new float[] {0f, 1f, 0.5f}[rnd.nextInt(3)];
            float alpha = new float[] {1f, 1f, -0.5f, 2f}[rnd.nextInt(4)];
            if (beta == 0f) {
                // Without beta the prior C must not be read at all: NaN would show through.
                for (int b1i = 0; b1i < b1; b1i++) {
                    for (int b2i = 0; b2i < b2; b2i++) {
                        for (int i = 0; i < m; i++) {
                            Arrays.fill(c0, (int) (cOff + b1i * cs1 + b2i * cs2 + (long) i * ldc),
                                    (int) (cOff + b1i * cs1 + b2i * cs2 + (long) i * ldc + n), Float.NaN);
                        }
                    }
                }
            }
            BiasAxis axis = rnd.nextInt(3) == 0 ? null : rnd.nextBoolean() ? BiasAxis.ROWS : BiasAxis.COLUMNS;
            int biasLength = axis == BiasAxis.COLUMNS ? n : m;
            long biasStride2 = b2 > 1 && rnd.nextBoolean() ? biasLength : 0;
            float[] bias = gaussian(rnd, (int) (biasStride2 * (b2 - 1) + biasLength));

            double[] expected = new double[c0.length];
            double[] bound = new double[c0.length];
            for (int i = 0; i < c0.length; i++) {
                expected[i] = c0[i];
            }
            for (int x1 = 0; x1 < b1; x1++) {
                for (int x2 = 0; x2 < b2; x2++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0, abs = 0;
                            for (int r = 0; r < reductions; r++) {
                                for (int p = 0; p < k; p++) {
                                    double prod = a.at(x1, x2, r, i, p) * b.at(x1, x2, r, p, j);
                                    s += prod;
                                    abs += Math.abs(prod);
                                }
                            }
                            int at = (int) (cOff + x1 * cs1 + x2 * cs2 + (long) i * ldc + j);
                            double v = alpha * s + (beta != 0 ? beta * (double) c0[at] : 0);
                            if (axis != null) {
                                v += bias[(int) (x2 * biasStride2 + (axis == BiasAxis.COLUMNS ? j : i))];
                            }
                            expected[at] = v;
                            bound[at] = Math.abs(alpha) * abs + (beta != 0 ? Math.abs(beta * c0[at]) : 0) + 1;
                        }
                    }
                }
            }
            String what = String.format("trial %d: %dx%d by %dx%d, transA=%b transB=%b, batches %dx%d, reductions %d, "
                    + "bias %s, alpha %s beta %s, tile %d", trial, m, k, k, n, ta, tb, b1, b2, reductions, axis,
                    alpha, beta, tile);
            try (Buffer ba = ctx.upload(a.data()); Buffer bb = ctx.upload(b.data()); Buffer bc = ctx.upload(c0);
                    Buffer bbias = ctx.upload(bias)) {
                MatrixView cv = new MatrixView(bc, cOff, ldc, 1, cs1, cs2, 0);
                gemm.multiply(GemmCall.of(m, n, k).a(a.view(ba)).b(b.view(bb)).c(cv)
                        .bias(axis == null ? null : bbias, axis == null ? BiasAxis.ROWS : axis, biasStride2)
                        .batches(b1, b2).reductions(reductions).alpha(alpha).beta(beta));
                float[] got = ctx.read(bc);
                for (int i = 0; i < got.length; i++) {
                    if (bound[i] == 0) {
                        // Outside every product: untouched, bit for bit (NaN included).
                        assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(got[i]),
                                what + ": value " + i + " outside C was written");
                    } else {
                        assertEquals(expected[i], got[i], 2e-6 * bound[i] * Math.sqrt(k * reductions),
                                what + ": at " + i);
                    }
                }
            }
            transposeCounts[(ta ? 1 : 0) + (tb ? 2 : 0)]++;
            withBias += axis != null ? 1 : 0;
            accumulating += beta == 1f ? 1 : 0;
            reducing += reductions > 1 ? 1 : 0;
            batched += b1 * b2 > 1 ? 1 : 0;
        }
        for (int t = 0; t < 4; t++) {
            assertTrue(transposeCounts[t] >= trials / 8, "transposition case " + t + " drawn " + transposeCounts[t]);
        }
        assertTrue(withBias >= trials / 4 && accumulating >= trials / 6 && reducing >= trials / 8
                && batched >= trials / 8, "coverage: bias " + withBias + ", beta=1 " + accumulating
                        + ", reductions " + reducing + ", batches " + batched);
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
