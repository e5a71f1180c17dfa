package org.lamina.opencl.gemm;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;

/**
 * Launches {@code gemm.cl}: batched, strided {@code C = alpha * opA(A) opB(B) + beta * C (+ bias)},
 * register-blocked with a {@code TM x TN} tile of C per work-item. Transpositions are strides
 * ({@link MatrixView#transposed()}), so every combination of {@code op = identity or transpose} is one
 * kernel.
 */
public final class GemmKernels {
    static final ProgramSource SOURCE = ProgramSource.resource(GemmKernels.class, "gemm.cl");

    /** The tile of C each work-item computes, and the work-group size. */
    public record Tuning(int tm, int tn, int workGroup) {
        public Tuning {
            if (tm < 1 || tn < 1 || tm > 16 || tn > 16) {
                throw new IllegalArgumentException("gemm tuning: tile " + tm + " x " + tn + " is outside 1..16");
            }
        }

        /** Sensible untuned settings for a device. */
        public static Tuning defaults(Device device) {
            int wg = Launch.defaultWorkGroup(device);
            return device.type() == DeviceType.CPU ? new Tuning(4, 8, wg) : new Tuning(4, 4, wg);
        }

        Map<String, Integer> defines() {
            return Map.of("TM", tm, "TN", tn);
        }
    }

    private final ClContext context;
    private final Tuning tuning;
    private final Kernel kernel;

    public GemmKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public GemmKernels(ClContext context, Tuning tuning) {
        this.context = context;
        this.tuning = tuning;
        this.kernel = context.program(SOURCE, tuning.defines()).kernel("gemm");
    }

    public Tuning tuning() {
        return tuning;
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
     * {@code C[b1,b2] = alpha * sum_r opA(A[b1,b2,r]) opB(B[b1,b2,r]) + beta * C[b1,b2] + bias} for
     * {@code m x k} times {@code k x n} matrices. {@code c} must have column stride 1. {@code bias}
     * (or null) adds {@code bias[b2*biasStride2 + i]} to row i.
     */
    public void multiply(int m, int n, int k, MatrixView a, MatrixView b, MatrixView c, Buffer bias,
            long biasStride2, int batch1, int batch2, int reductions, float alpha, float beta) {
        multiply(m, n, k, a, b, c, bias, BiasAxis.ROWS, biasStride2, batch1, batch2, reductions, alpha, beta);
    }

    /**
     * As {@link #multiply(int, int, int, MatrixView, MatrixView, MatrixView, Buffer, long, int, int, int,
     * float, float)}, with the bias (or null) along {@code biasAxis}: {@code bias[b2*biasStride2 + i]}
     * added to row i, or {@code bias[b2*biasStride2 + j]} to column j. Any operand can be transposed
     * through its view's strides; with {@code beta = 1} the product accumulates into C.
     */
    public void multiply(int m, int n, int k, MatrixView a, MatrixView b, MatrixView c, Buffer bias,
            BiasAxis biasAxis, long biasStride2, int batch1, int batch2, int reductions, float alpha, float beta) {
        if (m < 1 || n < 1 || k < 1 || batch1 < 1 || batch2 < 1 || reductions < 1) {
            throw new IllegalArgumentException("gemm: sizes m=" + m + " n=" + n + " k=" + k + " batches=" + batch1
                    + "x" + batch2 + " reductions=" + reductions + " must all be at least 1");
        }
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("gemm: the result must be row-major (column stride 1), not "
                    + c.colStride());
        }
        Launch.requireSize("gemm", "A", a.buffer(), a.extent(m, k, batch1, batch2, reductions));
        Launch.requireSize("gemm", "B", b.buffer(), b.extent(k, n, batch1, batch2, reductions));
        Launch.requireSize("gemm", "C", c.buffer(), c.extent(m, n, batch1, batch2, 1));
        if (bias != null) {
            Launch.requireSize("gemm", "bias", bias,
                    (batch2 - 1L) * biasStride2 + (biasAxis == BiasAxis.COLUMNS ? n : m));
        }
        long items = (long) batch1 * batch2 * Launch.blocks(m, tuning.tm()) * Launch.blocks(n, tuning.tn());
        kernel.launch1D(items, tuning.workGroup(),
                m, n, k,
                a.buffer(), a.offset(), a.rowStride(), a.colStride(), a.batchStride1(), a.batchStride2(),
                a.reductionStride(),
                b.buffer(), b.offset(), b.rowStride(), b.colStride(), b.batchStride1(), b.batchStride2(),
                b.reductionStride(),
                c.buffer(), c.offset(), c.rowStride(), c.batchStride1(), c.batchStride2(),
                bias, bias != null ? biasAxis.mode : 0, biasStride2,
                batch1, batch2, reductions, alpha, beta);
    }

    /**
     * A plain product of row-major matrices: {@code C (m x n) = opA(A) opB(B)}, where {@code A} is
     * stored {@code m x k} (or {@code k x m} when {@code transA}) and {@code B} {@code k x n} (or
     * {@code n x k} when {@code transB}).
     */
    public void matmul(Buffer a, boolean transA, Buffer b, boolean transB, Buffer c, int m, int n, int k) {
        MatrixView va = transA ? MatrixView.rowMajor(a, 0, m).transposed() : MatrixView.rowMajor(a, 0, k);
        MatrixView vb = transB ? MatrixView.rowMajor(b, 0, k).transposed() : MatrixView.rowMajor(b, 0, n);
        multiply(m, n, k, va, vb, MatrixView.rowMajor(c, 0, n), null, 0, 1, 1, 1, 1f, 0f);
    }

    ClContext context() {
        return context;
    }
}
