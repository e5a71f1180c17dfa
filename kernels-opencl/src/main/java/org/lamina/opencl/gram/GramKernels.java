package org.lamina.opencl.gram;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.MatrixView;

/**
 * Gram matrices of feature maps, {@code G[n] = F[n] F[n]^T / (C*H*W)} for an input {@code [N, C, H, W]}
 * read as N row-major {@code [C, H*W]} matrices, and their gradient
 * {@code dF[n] = (dG[n] + dG[n]^T) F[n] / (C*H*W)}. Both are batched products on {@link GemmKernels}
 * (the transposed operand is a view); {@code gram.cl} adds the symmetric part of {@code dG}.
 */
public final class GramKernels extends KernelFamily<Void> {
    static final ProgramSource SOURCE = source(GramKernels.class, "gram.cl");
    /**
     * Work-group of the symmetrizing kernel: an elementwise pass over N*C*C values, too small to be
     * worth a tuning entry; a fixed size also keeps pocl from compiling it anew for other sizes.
     */
    static final int WORK_GROUP = 64;

    private final GemmKernels gemm;
    private final Kernel symmetrize = kernel("gram_symmetrize");

    public GramKernels(ClContext context, GemmKernels gemm) {
        super(context, SOURCE, Map.of(), null);
        this.gemm = gemm;
    }

    /** {@code g [N, C, C] = x x^T / (C*hw)} per sample, for {@code x [N, C, hw]}; sizes at least 1. */
    public void forward(int n, int c, int hw, Buffer x, Buffer g) {
        requireSize("input", x, (long) n * c * hw);
        requireSize("output", g, (long) n * c * c);
        MatrixView f = MatrixView.rowMajor(x, 0, hw).batched((long) c * hw, 0);
        gemm.multiply(GemmCall.of(c, c, hw).a(f).b(f.transposed())
                .c(MatrixView.rowMajor(g, 0, c).batched((long) c * c, 0)).batches(n, 1)
                .alpha((float) (1.0 / ((double) c * hw))));
    }

    /**
     * {@code dx [N, C, hw] = (dg + dg^T) x / (C*hw)} per sample; {@code scratch} holds at least
     * {@code N*C*C} floats and is overwritten.
     */
    public void backward(int n, int c, int hw, Buffer x, Buffer dg, Buffer scratch, Buffer dx) {
        long cc = (long) c * c;
        requireSize("input", x, (long) n * c * hw);
        requireSize("grad_output", dg, n * cc);
        requireSize("scratch", scratch, n * cc);
        requireSize("grad_input", dx, (long) n * c * hw);
        symmetrize.args().buffer(dg).buffer(scratch).i(n).i(c).launch1D(n * cc, WORK_GROUP);
        gemm.multiply(GemmCall.of(c, hw, c).a(MatrixView.rowMajor(scratch, 0, c).batched(cc, 0))
                .b(MatrixView.rowMajor(x, 0, hw).batched((long) c * hw, 0))
                .c(MatrixView.rowMajor(dx, 0, hw).batched((long) c * hw, 0))
                .batches(n, 1).alpha((float) (1.0 / ((double) c * hw))));
    }
}
