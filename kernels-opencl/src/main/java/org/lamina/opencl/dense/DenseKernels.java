package org.lamina.opencl.dense;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.GemmKernels.BiasAxis;
import org.lamina.opencl.gemm.MatrixView;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Fully connected layers, {@code y = x W^T + b} with {@code x [N, in]}, {@code W [out, in]},
 * {@code b [out]}, {@code y [N, out]}, all row-major. The forward pass and both weight-bearing
 * gradients are products on {@link GemmKernels}, each operand read through a (possibly transposed)
 * {@link MatrixView}, so nothing is ever copied into a transposed layout:
 * <ul>
 *   <li>forward: {@code y (N x out) = x (N x in) * W^T (in x out)}, the bias added per column;</li>
 *   <li>input gradient: {@code dx (N x in) = dy (N x out) * W (out x in)};</li>
 *   <li>weight gradient: {@code dW (out x in) = dy^T (out x N) * x (N x in)}.</li>
 * </ul>
 * The bias gradient (column sums of {@code dy}) is {@code dense.cl}.
 */
public final class DenseKernels extends KernelFamily<DenseKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "dense";
    static final ProgramSource SOURCE = source(DenseKernels.class, "dense.cl");

    /** Columns per work-item of the bias gradient, and the work-group size. */
    public record Tuning(int colsPerItem, int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("colsPerItem", 1, 16).define("COLS_PER_ITEM"), workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(colsPerItem, workGroup);
        }
    }

    private final GemmKernels gemm;
    private final Kernel biasGrad = kernel("dense_bias_grad");

    public DenseKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, Tuning.SPEC.defaults(context.device()));
    }

    public DenseKernels(ClContext context, GemmKernels gemm, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
        this.gemm = gemm;
    }

    /** {@code y = x W^T + bias}; {@code bias} may be null. Sizes must be at least 1. */
    public void forward(int n, int in, int out, Buffer x, Buffer w, Buffer bias, Buffer y) {
        requireSize("input", x, (long) n * in);
        requireSize("weight", w, (long) out * in);
        requireSize("output", y, (long) n * out);
        if (bias != null) {
            requireSize("bias", bias, out);
        }
        gemm.multiply(GemmCall.of(n, out, in).a(MatrixView.rowMajor(x, 0, in))
                .b(MatrixView.rowMajor(w, 0, in).transposed()).c(MatrixView.rowMajor(y, 0, out))
                .bias(bias, BiasAxis.COLUMNS, 0));
    }

    /** {@code dx = dy W}, overwriting {@code dx}. */
    public void backwardInput(int n, int in, int out, Buffer dy, Buffer w, Buffer dx) {
        requireSize("grad_output", dy, (long) n * out);
        requireSize("weight", w, (long) out * in);
        requireSize("grad_input", dx, (long) n * in);
        gemm.multiply(GemmCall.of(n, in, out).a(MatrixView.rowMajor(dy, 0, out)).b(MatrixView.rowMajor(w, 0, in))
                .c(MatrixView.rowMajor(dx, 0, in)));
    }

    /**
     * {@code dW = dy^T x}, summed over the batch; overwrites {@code dw}, or adds to it when
     * {@code accumulate} (gradient accumulation over several mini-batches).
     */
    public void backwardWeight(int n, int in, int out, Buffer x, Buffer dy, Buffer dw, boolean accumulate) {
        requireSize("input", x, (long) n * in);
        requireSize("grad_output", dy, (long) n * out);
        requireSize("grad_weight", dw, (long) out * in);
        gemm.multiply(GemmCall.of(out, in, n).a(MatrixView.rowMajor(dy, 0, out).transposed())
                .b(MatrixView.rowMajor(x, 0, in)).c(MatrixView.rowMajor(dw, 0, in)).beta(accumulate ? 1f : 0f));
    }

    /** {@code db[j] = sum over n of dy[n, j]}, overwriting {@code db}. */
    public void biasGrad(int n, int out, Buffer dy, Buffer db) {
        requireSize("grad_output", dy, (long) n * out);
        requireSize("grad_bias", db, out);
        biasGrad.args().buffer(dy).buffer(db).i(n).i(out)
                .launch1D(Launch.blocks(out, tuning().colsPerItem()), tuning().workGroup());
    }
}
