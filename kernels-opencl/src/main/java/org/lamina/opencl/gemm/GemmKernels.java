package org.lamina.opencl.gemm;

import static org.lamina.opencl.tuning.TuningSpec.flag;
import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.oneOf;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code gemm.cl}: batched, strided {@code C = alpha * opA(A) opB(B) + beta * C (+ bias)},
 * register-blocked with a {@code TM x TN} tile of C per work-item. Transpositions are strides
 * ({@link MatrixView#transposed()}). The vectorized kernel ({@code gemm_nn}, or {@code gemm_nn_local}
 * with local-memory tiles) reads rows of {@code opB} as vectors; where they are not contiguous (column
 * stride other than 1) {@code opB} is first gathered into row-major panels.
 */
public final class GemmKernels extends KernelFamily<GemmKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "gemm";
    static final ProgramSource SOURCE = source(GemmKernels.class, "gemm.cl");
    /**
     * Floats of B gathered into row-major panels at a time (16 MB); a larger B is gathered and
     * multiplied in slices of its rows (the inner dimension), accumulating into C.
     */
    static final long GATHER_BUDGET = 1L << 22;

    /**
     * The tuning parameters of {@code gemm.cl}: the {@code tm x tn} tile of C per work-item, the vector
     * width {@code vw} along its columns, the unrolling {@code ku} of the inner dimension (the depth of a
     * local tile), whether tiles are staged in local memory, the work-group shape {@code wgm x wgn}
     * (the local kernel's 2-D layout; otherwise just its size), and whether consecutive work-items
     * take consecutive row tiles (sharing a panel of B, which pays when the inner dimension is long)
     * rather than consecutive column tiles (sharing rows of A).
     */
    public record Tuning(int tm, int tn, int vw, int ku, boolean local, int wgm, int wgn, boolean rowsFastest) {
        /**
         * Read from the database fitted to the device: local-memory tiles only where local memory is
         * on chip (elsewhere it is emulated in global memory and does not pay), and a work-group of at
         * most the device's largest (halving its longer side).
         */
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("tm", 1, 16).define("TM"), integer("tn", 1, 64).define("TN"),
                oneOf("vw", 1, 2, 4, 8, 16).define("VW"), integer("ku", 1, 16).define("KU"), flag("local"),
                integer("wgm", 1, 1024).define("WGM"), integer("wgn", 1, 1024).define("WGN"),
                flag("rowsFastest").define("ROWS_FASTEST"))
                .readBy(Tuning::fitted);

        public Tuning {
            SPEC.check(tm, tn, vw, ku, local, wgm, wgn, rowsFastest);
            if (tn % vw != 0) {
                throw SPEC.bad("tn " + tn + " is not a multiple of the vector width " + vw);
            }
            if (wgm * wgn > 1024) {
                throw SPEC.bad("work-group " + wgm + " x " + wgn + " has more than 1024 work-items");
            }
        }

        private static Tuning fitted(TuningParameters p) {
            int wgm = p.integer("wgm"), wgn = p.integer("wgn");
            if (wgm < 1 || wgn < 1) {
                throw p.bad(wgm < 1 ? "wgm" : "wgn", "work-group " + wgm + " x " + wgn + " needs sides of at least 1");
            }
            while ((long) wgm * wgn > p.device().maxWorkGroupSize() && wgm * wgn > 1) {
                if (wgm >= wgn && wgm > 1) {
                    wgm /= 2;
                } else {
                    wgn /= 2;
                }
            }
            return new Tuning(p.integer("tm"), p.integer("tn"), p.integer("vw"), p.integer("ku"),
                    p.bool("local") && p.device().localMemDedicated(), wgm, wgn, p.bool("rowsFastest"));
        }

        /** The work-group size. */
        public int workGroup() {
            return wgm * wgn;
        }

        @Override
        public String toString() {
            return "tile " + tm + "x" + tn + " vw " + vw + " ku " + ku + (local ? " local " : " global ") + wgm + "x"
                    + wgn + (rowsFastest ? " rows-first" : " columns-first");
        }
    }

    private final Kernel nn = kernel(tuning().local() ? "gemm_nn_local" : "gemm_nn");
    private final Kernel gatherB = kernel("gemm_gather_b");
    private Buffer panels;

    public GemmKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public GemmKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /** Which way a bias vector runs along C: one value per row, or one per column. */
    public enum BiasAxis {
        /** {@code bias[i]} is added to row i (a convolution's per-channel bias). */
        ROWS(1),
        /** {@code bias[j]} is added to column j (a dense layer's per-feature bias). */
        COLUMNS(2);

        private final int mode;

        BiasAxis(int mode) {
            this.mode = mode;
        }
    }

    /**
     * Computes one product ({@link GemmCall}): any operand can be transposed through its view's
     * strides; with {@code beta = 1} the product accumulates into C.
     */
    public void multiply(GemmCall call) {
        int m = call.m, n = call.n, k = call.k, batch1 = call.batch1, batch2 = call.batch2;
        int reductions = call.reductions;
        MatrixView a = call.a, b = call.b, c = call.c;
        Buffer bias = call.bias;
        if (m < 1 || n < 1 || k < 1 || batch1 < 1 || batch2 < 1 || reductions < 1) {
            throw new IllegalArgumentException("gemm: sizes m=" + m + " n=" + n + " k=" + k + " batches=" + batch1
                    + "x" + batch2 + " reductions=" + reductions + " must all be at least 1");
        }
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("gemm: the result must be row-major (column stride 1), not "
                    + c.colStride());
        }
        requireSize("A", a.buffer(), a.extent(m, k, batch1, batch2, reductions));
        boolean wide = b.colStride() == 1 && call.bReadable >= Launch.blocks(n, tuning().tn()) * tuning().tn();
        requireSize("B", b.buffer(),
                b.extent(k, wide ? call.bReadable : n, batch1, batch2, reductions));
        requireSize("C", c.buffer(), c.extent(m, n, batch1, batch2, 1));
        if (bias != null) {
            requireSize("bias", bias,
                    (batch2 - 1L) * call.biasStride2 + (call.biasAxis == BiasAxis.COLUMNS ? n : m));
        }
        long batches = (long) batch1 * batch2;
        if (b.colStride() != 1) {
            // Columns of B apart in memory: gathered into row-major panels for the vectorized kernel
            // (faster than the strided kernel, copy included: docs/kernels.md, measurements).
            gathered(call);
        } else if (tuning().local()) {
            long groups = batches * Launch.blocks(m, (long) tuning().tm() * tuning().wgm())
                    * Launch.blocks(n, (long) tuning().tn() * tuning().wgn());
            int wg = tuning().workGroup();
            if (nn.maxWorkGroupSize() < wg) {
                throw new IllegalStateException("gemm: the device allows work-groups of " + nn.maxWorkGroupSize()
                        + " for the local-memory kernel, the tuning asks for " + wg);
            }
            args(call, wide).launch(new long[] {groups * wg}, new long[] {wg});
        } else {
            args(call, wide).launch1D(batches * Launch.blocks(m, tuning().tm()) * Launch.blocks(n, tuning().tn()),
                    tuning().workGroup());
        }
    }

    /** The arguments of {@code gemm_nn} (or {@code gemm_nn_local}) for {@code call}. */
    private KernelArgs args(GemmCall call, boolean wide) {
        MatrixView a = call.a, b = call.b, c = call.c;
        return nn.args().i(call.m).i(call.n).i(call.k)
                .buffer(a.buffer()).l(a.offset()).i(a.rowStride()).i(a.colStride()).l(a.batchStride1())
                .l(a.batchStride2()).l(a.reductionStride())
                .buffer(b.buffer()).l(b.offset()).i(b.rowStride()).i(b.colStride()).l(b.batchStride1())
                .l(b.batchStride2()).l(b.reductionStride())
                .buffer(c.buffer()).l(c.offset()).i(c.rowStride()).l(c.batchStride1()).l(c.batchStride2())
                .buffer(call.bias).i(call.bias != null ? call.biasAxis.mode : 0).l(call.biasStride2)
                .i(call.batch1).i(call.batch2).i(call.reductions).f(call.alpha).f(call.beta).i(wide ? 1 : 0);
    }

    /**
     * The product with B copied into row-major panels first, in slices of B's rows that fit
     * {@link #GATHER_BUDGET}; each slice after the first accumulates into C, and the bias is added once.
     */
    private synchronized void gathered(GemmCall call) {
        MatrixView a = call.a, b = call.b;
        int n = call.n, k = call.k;
        int ldt = (int) (Launch.blocks(n, tuning().tn()) * tuning().tn()); // whole tiles: vector loads at the edge
        int c1 = b.batchStride1() != 0 ? call.batch1 : 1;
        int c2 = b.batchStride2() != 0 ? call.batch2 : 1;
        int cr = b.reductionStride() != 0 ? call.reductions : 1;
        long copies = (long) c1 * c2 * cr;
        int slice = (int) Math.max(1, Math.min(k, GATHER_BUDGET / (copies * ldt)));
        long panel = (long) slice * ldt;
        Buffer t = panels = context().atLeast(panels, copies * panel);
        MatrixView tb = new MatrixView(t, 0, ldt, 1, c1 > 1 ? c2 * cr * panel : 0, c2 > 1 ? cr * panel : 0,
                cr > 1 ? panel : 0);
        for (int k0 = 0; k0 < k; k0 += slice) {
            int kc = Math.min(slice, k - k0);
            gatherB.args().buffer(b.buffer()).l(b.offset()).i(b.rowStride()).i(b.colStride()).l(b.batchStride1())
                    .l(b.batchStride2()).l(b.reductionStride()).i(c2).i(cr).i(k0).i(kc).i(n).buffer(t).i(ldt).i(slice)
                    .l(copies).launch1D(copies * kc, tuning().workGroup());
            MatrixView ak = new MatrixView(a.buffer(), a.offset() + (long) k0 * a.colStride(), a.rowStride(),
                    a.colStride(), a.batchStride1(), a.batchStride2(), a.reductionStride());
            GemmCall part = call.slice(kc, ak, tb).bReadable(ldt);
            if (k0 > 0) {
                part.bias(null, call.biasAxis, call.biasStride2).beta(1f);
            }
            multiply(part);
        }
    }

    /**
     * A plain product of row-major matrices: {@code C (m x n) = opA(A) opB(B)}, where {@code A} is
     * stored {@code m x k} (or {@code k x m} when {@code transA}) and {@code B} {@code k x n} (or
     * {@code n x k} when {@code transB}).
     */
    public void matmul(Buffer a, boolean transA, Buffer b, boolean transB, Buffer c, int m, int n, int k) {
        MatrixView va = transA ? MatrixView.rowMajor(a, 0, m).transposed() : MatrixView.rowMajor(a, 0, k);
        MatrixView vb = transB ? MatrixView.rowMajor(b, 0, k).transposed() : MatrixView.rowMajor(b, 0, n);
        multiply(GemmCall.of(m, n, k).a(va).b(vb).c(MatrixView.rowMajor(c, 0, n)));
    }

}
