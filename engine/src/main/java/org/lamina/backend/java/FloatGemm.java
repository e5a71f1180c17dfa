package org.lamina.backend.java;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Single-precision matrix product {@code C = op(A) op(B) (+ C)} on row-major arrays, the hot loop of
 * the Java float backend: blocked the way Goto's BLAS is (a {@code KC}-deep slice of {@code op(A)} and
 * {@code op(B)} packed into micro-panels, which also undoes any transposition), with a register-blocked
 * micro-kernel ({@link MicroKernel}: the Vector API's when the JVM has {@code jdk.incubator.vector},
 * else plain loops the JIT vectorizes), and tiles of {@code C} spread over the common fork-join pool.
 *
 * <p>Each tile of {@code C} belongs to one task, so no two threads write the same value, and the
 * slices of {@code K} run in order: results do not depend on the number of threads.
 */
final class FloatGemm {
    /** Depth of one packed slice: a micro-panel of B ({@code KC x NR}) stays in L1/L2 while it is reused. */
    static final int KC = 256;
    /** Rows of one task's tile: its packed A block ({@code MC x KC}) is reused across the tile's columns. */
    static final int MC = 96;
    /** Columns of one task's tile (a multiple of every kernel's NR). */
    static final int NC = 256;

    private static final MicroKernel.Factory KERNEL = MicroKernel.best();
    /**
     * The threads a product runs on: the common pool's workers and the caller, which joins in
     * ({@code invokeAll}); on two cores the pool has one worker.
     */
    private static final int THREADS = ForkJoinPool.getCommonPoolParallelism() + 1;

    private FloatGemm() {
    }

    /** What the micro-kernel in use is, for the device's description ("vector x16", "scalar"). */
    static String kernel() {
        return KERNEL.describe();
    }

    /**
     * {@code C[m x n] = op(A)[m x k] op(B)[k x n]}, or {@code C += ...} when {@code accumulate}.
     * {@code op(A)} is {@code A} ({@code a[aOff + i*lda + p]}) or, when {@code transA}, its transpose
     * ({@code a[aOff + p*lda + i]}); likewise {@code B}. {@code C} is {@code c[cOff + i*ldc + j]}.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(KERNEL, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean)} with the micro-kernel {@code f}. */
    static void gemm(MicroKernel.Factory f, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        int mr = f.mr(), nr = f.nr();
        int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
        // Whole packed operands per K slice: A as mPanels micro-panels of kc x mr, B as nPanels of kc x nr.
        int kcMax = Math.min(KC, k);
        float[] ap = new float[mPanels * mr * kcMax];
        float[] bp = new float[nPanels * nr * kcMax];
        long flops = 2L * m * n * k;
        boolean parallel = flops >= 4_000_000 && THREADS > 1;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            pack(parallel, ap, a, aOff, lda, transA, m, mr, pc, kc, mPanels);
            pack(parallel, bp, b, bOff, ldb, !transB, n, nr, pc, kc, nPanels);
            List<Tile> tiles = new ArrayList<>();
            int mc = Math.max(mr, MC / mr * mr), nc = Math.max(nr, NC / nr * nr);
            // Small m (a convolution's few output channels): narrower tiles, so both cores get work.
            if (parallel && (m + mc - 1) / mc * ((n + nc - 1) / nc) < 4 * THREADS) {
                nc = Math.max(nr, nc / 2 / nr * nr);
            }
            for (int i0 = 0; i0 < m; i0 += mc) {
                for (int j0 = 0; j0 < n; j0 += nc) {
                    tiles.add(new Tile(f, ap, bp, kc, i0, Math.min(mc, m - i0), j0, Math.min(nc, n - j0), c, cOff,
                            ldc, add));
                }
            }
            if (parallel && tiles.size() > 1) {
                ForkJoinTask.invokeAll(tiles);
            } else {
                for (Tile t : tiles) {
                    t.compute();
                }
            }
        }
    }

    /**
     * Packs rows {@code [0, rows)} of a row-major view, {@code kc} deep from {@code pc}, into micro-panels
     * of {@code r} rows each: {@code dst[panel*r*kc + p*r + i]}, zeros past the last row. The view's row
     * {@code i}, depth {@code p} is {@code src[off + i*ld + p]}, or {@code src[off + p*ld + i]} when
     * {@code transposed}.
     */
    private static void pack(boolean parallel, float[] dst, float[] src, int off, int ld, boolean transposed,
            int rows, int r, int pc, int kc, int panels) {
        if (parallel && panels > 1) {
            java.util.stream.IntStream.range(0, panels).parallel()
                    .forEach(q -> packPanel(dst, src, off, ld, transposed, rows, r, pc, kc, q));
        } else {
            for (int q = 0; q < panels; q++) {
                packPanel(dst, src, off, ld, transposed, rows, r, pc, kc, q);
            }
        }
    }

    private static void packPanel(float[] dst, float[] src, int off, int ld, boolean transposed, int rows, int r,
            int pc, int kc, int q) {
        int base = q * r * kc, i0 = q * r, live = Math.min(r, rows - i0);
        if (transposed) {
            // The view's depth runs along src's rows: copy r contiguous values per depth.
            for (int p = 0; p < kc; p++) {
                int s = off + (pc + p) * ld + i0, d = base + p * r;
                System.arraycopy(src, s, dst, d, live);
                for (int i = live; i < r; i++) {
                    dst[d + i] = 0f;
                }
            }
        } else {
            for (int i = 0; i < live; i++) {
                int s = off + (i0 + i) * ld + pc, d = base + i;
                for (int p = 0; p < kc; p++) {
                    dst[d + p * r] = src[s + p];
                }
            }
            for (int i = live; i < r; i++) {
                for (int p = 0; p < kc; p++) {
                    dst[base + p * r + i] = 0f;
                }
            }
        }
    }

    /** One tile of C: its micro-panels of A against its micro-panels of B, column panels outermost. */
    private static final class Tile extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient MicroKernel.Factory factory;
        private final float[] ap, bp, c;
        private final int kc, i0, rows, j0, cols, cOff, ldc;
        private final boolean add;

        Tile(MicroKernel.Factory factory, float[] ap, float[] bp, int kc, int i0, int rows, int j0, int cols,
                float[] c, int cOff, int ldc, boolean add) {
            this.factory = factory;
            this.ap = ap;
            this.bp = bp;
            this.kc = kc;
            this.i0 = i0;
            this.rows = rows;
            this.j0 = j0;
            this.cols = cols;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.add = add;
        }

        @Override
        protected void compute() {
            MicroKernel kernel = factory.create();
            int mr = factory.mr(), nr = factory.nr();
            for (int j = 0; j < cols; j += nr) {
                int bOff = (j0 + j) / nr * nr * kc, nc = Math.min(nr, cols - j);
                for (int i = 0; i < rows; i += mr) {
                    int aOff = (i0 + i) / mr * mr * kc, mc = Math.min(mr, rows - i);
                    kernel.run(kc, ap, aOff, bp, bOff, c, cOff + (i0 + i) * ldc + j0 + j, ldc, mc, nc, add);
                }
            }
        }
    }
}
