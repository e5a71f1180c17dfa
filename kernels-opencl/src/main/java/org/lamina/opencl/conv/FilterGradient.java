package org.lamina.opencl.conv;

import java.util.function.LongFunction;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.Launch;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.MatrixView;

/**
 * A convolution's weight gradient as column products, the same in 2-D ({@link Im2colConv2dKernels})
 * and 3-D ({@link Conv3dKernels}): {@code dW[g] = sum over n of dY[n,g] cols[n,g]^T}, the columns
 * unfolded transposed by the family, images in chunks that fit the column budget, and a chunk's
 * images split into partial sums ({@code sum_partials} of {@code im2col.cl}) when the product alone
 * would occupy too few work-groups.
 */
final class FilterGradient {
    /** Unfolds images {@code n0 .. n0+nb} into {@code cols}, transposed with leading dimension {@code ld}. */
    @FunctionalInterface
    interface Unfold {
        void into(Buffer cols, int n0, int nb, int ld);
    }

    private final ClContext context;
    private final GemmKernels gemm;
    private final Im2colConv2dKernels.Tuning tuning;
    private final Kernel sumPartials;
    private Buffer partials;

    /** {@code sumPartials}: the {@code sum_partials} kernel of {@code im2col.cl}. */
    FilterGradient(ClContext context, GemmKernels gemm, Im2colConv2dKernels.Tuning tuning, Kernel sumPartials) {
        this.context = context;
        this.gemm = gemm;
        this.tuning = tuning;
        this.sumPartials = sumPartials;
    }

    /**
     * {@code dw} (overwritten, {@code k * rows} floats) for {@code n} images of {@code k} output channels
     * at {@code q} positions, {@code rows} values in a group's receptive field; {@code columns} gives the
     * family's scratch of at least the floats asked. Callers handle {@code n == 0}.
     */
    void compute(int n, int k, int groups, int rows, int q, Buffer dy, Buffer dw,
                 LongFunction<Buffer> columns, Unfold unfold) {
        int kg = k / groups;
        // Rows of the transposed columns padded to whole GEMM tiles, so that every tile loads vectors.
        int ld = (int) (Launch.blocks(rows, gemm.tuning().tn()) * gemm.tuning().tn());
        long colG = (long) q * ld, colN = groups * colG;
        int chunk = (int) Math.max(1, Math.min(n, tuning.columnBudget() / Math.max(1, colN)));
        Buffer cols = columns.apply(chunk * colN);
        // Enough independent products for the device: split the chunk's images into S partial sums.
        long items = (long) groups * Launch.blocks(kg, gemm.tuning().tm()) * Launch.blocks(rows, gemm.tuning().tn());
        int split = largestDivisorAtMost(chunk, (int) Math.min(chunk, Launch.blocks(tuning.parallelItems(), items)));
        long size = (long) k * rows;
        Buffer part = split > 1 ? partials(split * size) : null;
        boolean first = true;
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            unfold.into(cols, n0, nb, ld);
            int s = nb % split == 0 ? split : 1; // a short last chunk is summed in one piece
            int per = nb / s;
            MatrixView a = MatrixView.rowMajor(dy, (long) n0 * k * q, q)
                    .batched((long) per * k * q, (long) kg * q).reducing((long) k * q);
            MatrixView b = MatrixView.rowMajor(cols, 0, ld).batched(per * colN, colG).reducing(colN);
            if (s == 1) {
                MatrixView c = MatrixView.rowMajor(dw, 0, rows).batched(0, (long) kg * rows);
                gemm.multiply(GemmCall.of(kg, rows, q).a(a).b(b).c(c).batches(1, groups).reductions(nb)
                        .beta(first ? 0f : 1f).bReadable(ld));
            } else {
                MatrixView c = MatrixView.rowMajor(part, 0, rows).batched(size, (long) kg * rows);
                gemm.multiply(GemmCall.of(kg, rows, q).a(a).b(b).c(c).batches(s, groups).reductions(per)
                        .bReadable(ld));
                sumPartials(part, dw, size, s, !first);
            }
            first = false;
        }
    }

    /** Scratch for partial sums of at least {@code floats}, kept between calls. */
    Buffer partials(long floats) {
        return partials = context.atLeast(partials, floats);
    }

    /** {@code dw = sum over s of part[s]} ({@code + dw} when {@code accumulate}), {@code size} floats each. */
    void sumPartials(Buffer part, Buffer dw, long size, int parts, boolean accumulate) {
        sumPartials.args().buffer(part).buffer(dw).l(size).i(parts).i(accumulate ? 1 : 0)
                .launch1D(size, tuning.workGroup());
    }

    private static int largestDivisorAtMost(int n, int limit) {
        for (int d = Math.max(1, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
