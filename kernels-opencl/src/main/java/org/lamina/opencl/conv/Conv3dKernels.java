package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.Conv3dGeometry;
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

/**
 * 3-D convolution ({@code conv3d.cl}) for any stride, padding, dilation and grouping, in two ways
 * ({@link Algorithm}): as matrix products (vol2col + {@link GemmKernels}, the default) exactly as
 * {@link Im2colConv2dKernels} does it in 2-D, or with direct kernels. Per image n and group g, with
 * {@code cols} the unfolded receptive fields ({@code Cg*kD*kH*kW x Do*Ho*Wo}):
 * <ul>
 *   <li>forward: {@code Y[n,g] = W[g] cols[n,g] + bias};</li>
 *   <li>input gradient: {@code dcols[n,g] = W[g]^T dY[n,g]}, then {@code dx = col2vol(dcols)}, a gather;</li>
 *   <li>weight gradient: {@code dW[g] = sum over n of dY[n,g] cols[n,g]^T}, the columns unfolded
 *       transposed, the images split into partial sums when the product alone has too few work-groups.</li>
 * </ul>
 * Images go in chunks whose column matrices fit the im2col family's column budget (at least one image
 * a chunk), and the work-group widths and parallelism targets are that family's too (the same roles,
 * the same device). Why products and not the direct kernels: docs/kernels.md.
 */
public final class Conv3dKernels extends KernelFamily<Im2colConv2dKernels.Tuning> {
    static final ProgramSource SOURCE = source(Conv3dKernels.class, "conv3d.cl");

    /** How a 3-D convolution is computed. */
    public enum Algorithm {
        /** vol2col (col2vol) and the GEMM: the default, far faster than direct (docs/kernels.md). */
        GEMM,
        /** One work-item per output, input or weight value: the simple kernels, a cross-check. */
        DIRECT
    }

    private final GemmKernels gemm;
    private final Kernel forward = kernel("conv3d_forward");
    private final Kernel backwardData = kernel("conv3d_backward_data");
    private final Kernel backwardFilter = kernel("conv3d_backward_filter");
    private final Kernel vol2col = kernel("vol2col");
    private final Kernel col2vol = kernel("col2vol");
    private final FilterGradient filterGradient;
    private Buffer columns;

    public Conv3dKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, Im2colConv2dKernels.Tuning.SPEC.defaults(context.device()));
    }

    public Conv3dKernels(ClContext context, GemmKernels gemm, Im2colConv2dKernels.Tuning tuning) {
        super(context, SOURCE, Map.of(), tuning);
        this.gemm = gemm;
        // The partial-sum kernel is im2col.cl's: the same program as the 2-D family's (same defines).
        this.filterGradient = new FilterGradient(context, gemm, tuning, program(Im2colConv2dKernels.SOURCE,
                Im2colConv2dKernels.Tuning.SPEC.defines(tuning)).kernel("sum_partials"));
    }

    /** {@code y = conv3d(x, w) + bias}; {@code bias} may be null. */
    public synchronized void forward(Algorithm algorithm, Conv3dGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        requireSize("input", x, g.inputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("output", y, g.outputSize());
        if (bias != null) {
            requireSize("bias", bias, g.k());
        }
        if (algorithm == Algorithm.DIRECT) {
            forward.args().buffer(x).buffer(w).buffer(bias).buffer(y).i(g.c()).i(g.d()).i(g.h()).i(g.w()).i(g.k())
                    .i(g.od()).i(g.oh()).i(g.ow()).i(g.kd()).i(g.kh()).i(g.kw()).i(g.sd()).i(g.sh()).i(g.sw())
                    .i(g.pd()).i(g.ph()).i(g.pw()).i(g.dd()).i(g.dh()).i(g.dw()).i(g.groups()).i(bias != null ? 1 : 0)
                    .launch(range(g.oh() * g.ow(), g.od(), (long) g.n() * g.k()), local(forward));
            return;
        }
        int q = positions(g), rows = rows(g), kg = g.kPerGroup();
        int chunk = chunk(g, rows);
        // Room past the last row so that the product's edge tiles read whole vectors (Im2colConv2dKernels).
        int readable = (int) (Launch.blocks(q, gemm.tuning().tn()) * gemm.tuning().tn());
        long colG = (long) rows * q, colN = g.groups() * colG;
        Buffer cols = columns = context().atLeast(columns, chunk * colN + (readable - q));
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0);
            unfold(g, x, cols, n0, nb, 0);
            MatrixView a = MatrixView.rowMajor(w, 0, rows).batched(0, (long) kg * rows);
            MatrixView b = MatrixView.rowMajor(cols, 0, q).batched(colN, colG);
            MatrixView c = MatrixView.rowMajor(y, (long) n0 * g.k() * q, q).batched((long) g.k() * q, (long) kg * q);
            gemm.multiply(GemmCall.of(kg, q, rows).a(a).b(b).c(c).bias(bias, BiasAxis.ROWS, kg).batches(nb, g.groups())
                    .bReadable(readable));
        }
    }

    /** {@code dx}, the input gradient for output gradient {@code dy}. */
    public synchronized void backwardData(Algorithm algorithm, Conv3dGeometry g, Buffer dy, Buffer w, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("grad_input", dx, g.inputSize());
        if (algorithm == Algorithm.DIRECT) {
            backwardData.args().buffer(dy).buffer(w).buffer(dx).i(g.c()).i(g.d()).i(g.h()).i(g.w()).i(g.k()).i(g.od())
                    .i(g.oh()).i(g.ow()).i(g.kd()).i(g.kh()).i(g.kw()).i(g.sd()).i(g.sh()).i(g.sw()).i(g.pd())
                    .i(g.ph()).i(g.pw()).i(g.dd()).i(g.dh()).i(g.dw()).i(g.groups())
                    .launch(range(g.h() * g.w(), g.d(), (long) g.n() * g.c()), local(backwardData));
            return;
        }
        int q = positions(g), rows = rows(g), kg = g.kPerGroup();
        int chunk = chunk(g, rows);
        long colG = (long) rows * q, colN = g.groups() * colG;
        Buffer cols = columns = context().atLeast(columns, chunk * colN);
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0);
            MatrixView a = MatrixView.rowMajor(w, 0, rows).batched(0, (long) kg * rows).transposed();
            MatrixView b = MatrixView.rowMajor(dy, (long) n0 * g.k() * q, q).batched((long) g.k() * q, (long) kg * q);
            MatrixView c = MatrixView.rowMajor(cols, 0, q).batched(colN, colG);
            gemm.multiply(GemmCall.of(rows, q, kg).a(a).b(b).c(c).batches(nb, g.groups()));
            col2vol.args().buffer(cols).buffer(dx).i(n0).i(g.c()).i(g.d()).i(g.h()).i(g.w()).i(g.od()).i(g.oh())
                    .i(g.ow()).i(g.kd()).i(g.kh()).i(g.kw()).i(g.sd()).i(g.sh()).i(g.sw()).i(g.pd()).i(g.ph())
                    .i(g.pw()).i(g.dd()).i(g.dh()).i(g.dw()).i(g.groups()).l(colN).l(colG).l((long) q).l(1L)
                    .launch(range(g.h() * g.w(), g.d(), (long) nb * g.c()), local(col2vol));
        }
    }

    /** {@code dw}, the weight gradient summed over the batch (overwritten). */
    public synchronized void backwardFilter(Algorithm algorithm, Conv3dGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requireSize("input", x, g.inputSize());
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_weight", dw, g.weightSize());
        long size = g.weightSize();
        if (algorithm == Algorithm.DIRECT) {
            int split = (int) Math.max(1, Math.min(g.n(), Launch.blocks(tuning().parallelItems(), size)));
            int perPart = (int) Launch.blocks(g.n(), split);
            int count = (int) Launch.blocks(g.n(), perPart);
            Buffer out = count > 1 ? filterGradient.partials(count * size) : dw;
            backwardFilter.args().buffer(x).buffer(dy).buffer(out).i(g.n()).i(g.c()).i(g.d()).i(g.h()).i(g.w())
                    .i(g.k()).i(g.od()).i(g.oh()).i(g.ow()).i(g.kd()).i(g.kh()).i(g.kw()).i(g.sd()).i(g.sh())
                    .i(g.sw()).i(g.pd()).i(g.ph()).i(g.pw()).i(g.dd()).i(g.dh()).i(g.dw()).i(g.groups()).i(perPart)
                    .launch(range(rows(g), g.k(), count), local(backwardFilter));
            if (count > 1) {
                filterGradient.sumPartials(out, dw, size, count, false);
            }
            return;
        }
        filterGradient.compute(g.n(), g.k(), g.groups(), rows(g), positions(g), dy, dw,
                floats -> columns = context().atLeast(columns, floats),
                (cols, n0, nb, ld) -> unfold(g, x, cols, n0, nb, ld));
    }

    /**
     * Unfolds images {@code n0 .. n0+nb} into {@code cols}: as rows of positions when {@code ld} is 0,
     * else transposed with leading dimension {@code ld}.
     */
    private void unfold(Conv3dGeometry g, Buffer x, Buffer cols, int n0, int nb, int ld) {
        int q = positions(g), rows = rows(g);
        boolean transposed = ld > 0;
        long colG = (long) (transposed ? ld : rows) * q, colN = g.groups() * colG;
        long colR = transposed ? 1 : q, colQ = transposed ? ld : 1;
        vol2col.args().buffer(x).buffer(cols).i(n0).i(g.c()).i(g.d()).i(g.h()).i(g.w()).i(g.od()).i(g.oh()).i(g.ow())
                .i(g.kd()).i(g.kh()).i(g.kw()).i(g.sd()).i(g.sh()).i(g.sw()).i(g.pd()).i(g.ph()).i(g.pw()).i(g.dd())
                .i(g.dh()).i(g.dw()).i(g.groups()).l(colN).l(colG).l(colR).l(colQ)
                .launch(range(rows, (long) g.od() * g.oh(), (long) nb * g.groups()), local(vol2col));
    }

    private static int rows(Conv3dGeometry g) {
        return g.cPerGroup() * g.kd() * g.kh() * g.kw();
    }

    private static int positions(Conv3dGeometry g) {
        return g.od() * g.oh() * g.ow();
    }

    /** Images per chunk: as many as the column budget holds, at least one. */
    private int chunk(Conv3dGeometry g, int rowsOrLd) {
        long perImage = (long) g.groups() * rowsOrLd * positions(g);
        return (int) Math.max(1, Math.min(g.n(), tuning().columnBudget() / Math.max(1, perImage)));
    }

    /** The launch rounds the first size up to whole work-groups; the kernels ignore the excess. */
    private static long[] range(long first, long second, long third) {
        return new long[] {first, second, third};
    }

    private long[] local(Kernel k) {
        return new long[] {Math.max(1, Math.min(tuning().lanes(), k.maxWorkGroupSize())), 1, 1};
    }
}
