package org.lamina.opencl.conv;

import static org.lamina.opencl.tuning.TuningSpec.count;
import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.geometry.ConvGeometry;
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
import org.lamina.opencl.tuning.TuningParameters;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Convolution as matrix products, for any stride, padding, dilation and grouping ({@code im2col.cl}
 * plus {@link GemmKernels}). Per image n and group g, with {@code cols} the unfolded receptive fields
 * ({@code Cg*kH*kW x Ho*Wo}):
 * <ul>
 *   <li>forward: {@code Y[n,g] = W[g] cols[n,g] + bias};</li>
 *   <li>input gradient: {@code dcols[n,g] = W[g]^T dY[n,g]}, then {@code dx = col2im(dcols)}, a gather
 *       (also the transposed convolution's forward pass, whose bias col2im adds);</li>
 *   <li>weight gradient: {@code dW[g] = sum over n of dY[n,g] cols[n,g]^T}, the columns unfolded
 *       transposed so that the product reads them row by row.</li>
 * </ul>
 * Images are processed in chunks whose column matrices fit in {@link Tuning#columnBudget()} floats,
 * so the scratch memory stays bounded whatever the batch. The weight gradient splits a chunk's images
 * into partial sums when the product alone would occupy too few work-groups.
 */
public final class Im2colConv2dKernels extends KernelFamily<Im2colConv2dKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "im2col";
    static final ProgramSource SOURCE = source(Im2colConv2dKernels.class, "im2col.cl");

    /**
     * The work-group width of im2col and col2im, the largest column matrix in floats, the number of
     * work-items the weight gradient's product should reach before it splits the images, the
     * work-group size of the 1-D kernels, and the output rows each im2col work-item unfolds.
     */
    public record Tuning(int lanes, long columnBudget, long parallelItems, int workGroup, int rowsPerItem) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                workGroupSize("lanes", 256), count("columnBudget"), count("parallelItems"), workGroupSize("workGroup"),
                integer("rowsPerItem", 1, 1024).define("OY_PER_ITEM")).readBy(Tuning::read);

        public Tuning {
            SPEC.check(lanes, columnBudget, parallelItems, workGroup, rowsPerItem);
        }

        /**
         * From the database's parameters: {@code lanes}, {@code columnBudget}, {@code workGroup},
         * {@code rowsPerItem}, and {@code groupsPerComputeUnit}, the work-groups' worth of work per
         * compute unit that makes {@code parallelItems}.
         */
        private static Tuning read(TuningParameters p) {
            int wg = p.workGroup("workGroup");
            long groups = p.longValue("groupsPerComputeUnit");
            if (groups < 1) {
                throw p.bad("groupsPerComputeUnit", groups + " is below 1");
            }
            return new Tuning(p.workGroup("lanes"), p.longValue("columnBudget"),
                    groups * wg * Math.max(1, p.device().computeUnits()), wg, p.integer("rowsPerItem"));
        }
    }

    private final GemmKernels gemm;
    private final Kernel im2col = kernel("im2col");
    private final Kernel col2im = kernel("col2im");
    private final FilterGradient filterGradient;
    private Buffer columns;

    public Im2colConv2dKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, Tuning.SPEC.defaults(context.device()));
    }

    public Im2colConv2dKernels(ClContext context, GemmKernels gemm, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
        this.gemm = gemm;
        this.filterGradient = new FilterGradient(context, gemm, tuning, kernel("sum_partials"));
    }

    /** {@code y = conv(x, w) + bias}; {@code bias} may be null. */
    public synchronized void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        Conv2dKernels.checkSizes(g, name(), x, w, bias, y, g.k());
        int q = g.ho() * g.wo(), rows = rows(g), kg = g.kPerGroup();
        int chunk = chunk(g);
        // Room past the last row, so that the product's edge tiles read whole vectors too (their
        // padding products are dropped): the scalar edge path is slow where outputs are few (LeNet-5's
        // second layer: docs/kernels.md, measurements).
        int readable = (int) (Launch.blocks(q, gemm.tuning().tn()) * gemm.tuning().tn());
        Buffer cols = columns = context().atLeast(columns, (long) chunk * g.groups() * rows * q + (readable - q));
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0);
            unfold(g, x, cols, n0, nb, 0);
            MatrixView a = MatrixView.rowMajor(w, 0, rows).batched(0, (long) kg * rows);
            MatrixView b = MatrixView.rowMajor(cols, 0, q).batched((long) g.groups() * rows * q, (long) rows * q);
            MatrixView c = MatrixView.rowMajor(y, (long) n0 * g.k() * q, q).batched((long) g.k() * q, (long) kg * q);
            gemm.multiply(GemmCall.of(kg, q, rows).a(a).b(b).c(c).bias(bias, BiasAxis.ROWS, kg).batches(nb, g.groups())
                    .bReadable(readable));
        }
    }

    /** {@code dx = conv^T(dy, w) + bias} (bias per channel of {@code dx}, may be null). */
    public synchronized void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        requireSize("grad_output", dy, g.outputSize());
        requireSize("weight", w, g.weightSize());
        requireSize("grad_input", dx, g.inputSize());
        if (bias != null) {
            requireSize("bias", bias, g.c());
        }
        int q = g.ho() * g.wo(), rows = rows(g), kg = g.kPerGroup();
        // Rows of the columns padded to whole GEMM tiles, and the product computed over the padding
        // too (reading dy past each row, into the next one; col2im never reads those values): no edge
        // tiles, whose scalar loads and stores slowed LeNet-5's second layer (docs/kernels.md,
        // measurements). Not where the padding would cost more than half the columns' memory; and
        // the images whose padding would run past dy's buffer (the last ones) are done unpadded.
        int ld = (int) (Launch.blocks(q, gemm.tuning().tn()) * gemm.tuning().tn());
        if (2L * ld > 3L * q) {
            ld = q;
        }
        int chunk = (int) Math.max(1, Math.min(g.n(), tuning().columnBudget() / ((long) g.groups() * rows * ld)));
        long perImage = (long) g.k() * q;
        long paddable = Math.max(0, Math.min(g.n(), (dy.floats() - (ld - q)) / perImage));
        Buffer cols = columns = context().atLeast(columns, (long) chunk * g.groups() * rows * ld);
        long colG = (long) rows * ld, colN = g.groups() * colG;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0);
            int padded = (int) Math.max(0, Math.min(nb, paddable - n0));
            MatrixView a = MatrixView.rowMajor(w, 0, rows).batched(0, (long) kg * rows).transposed();
            if (padded > 0) {
                MatrixView b = MatrixView.rowMajor(dy, (long) n0 * g.k() * q, q)
                        .batched((long) g.k() * q, (long) kg * q);
                MatrixView c = MatrixView.rowMajor(cols, 0, ld).batched(colN, colG);
                gemm.multiply(GemmCall.of(rows, ld, kg).a(a).b(b).c(c).batches(padded, g.groups()));
            }
            if (padded < nb) {
                MatrixView b = MatrixView.rowMajor(dy, (long) (n0 + padded) * g.k() * q, q)
                        .batched((long) g.k() * q, (long) kg * q);
                MatrixView c = MatrixView.rowMajor(cols, padded * colN, ld).batched(colN, colG);
                gemm.multiply(GemmCall.of(rows, q, kg).a(a).b(b).c(c).batches(nb - padded, g.groups()));
            }
            long[] local = lanes(col2im);
            boolean rowsFirst = idleLanes(g.h(), local[0]) < idleLanes(g.c(), local[0]);
            long[] range = rowsFirst ? new long[] {g.h(), g.c(), nb} : new long[] {g.c(), g.h(), nb};
            col2im.args().buffer(cols).buffer(bias).buffer(dx).i(n0).i(nb).i(g.c()).i(g.h()).i(g.w()).i(g.ho())
                    .i(g.wo()).i(g.kh()).i(g.kw()).i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw())
                    .i(g.groups()).l(colN).l(colG).l((long) ld).l(1L).i(bias != null ? 1 : 0).i(rowsFirst ? 1 : 0)
                    .launch(range, local);
        }
    }

    /** {@code dw = sum over the batch of dy (x) x}, overwriting {@code dw}. */
    public synchronized void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requireSize("input", x, g.inputSize());
        requireSize("grad_output", dy, g.outputSize());
        requireSize("grad_weight", dw, g.weightSize());
        if (g.n() == 0) {
            context().fill(dw, 0, g.weightSize(), 0f); // a sum over no images
            return;
        }
        filterGradient.compute(g.n(), g.k(), g.groups(), rows(g), g.ho() * g.wo(), dy, dw,
                floats -> columns = context().atLeast(columns, floats),
                (cols, n0, nb, ld) -> unfold(g, x, cols, n0, nb, ld));
    }

    /**
     * Unfolds images {@code n0 .. n0+nb} into {@code cols}: as rows of positions when {@code ld} is 0,
     * else transposed with leading dimension {@code ld}.
     */
    private void unfold(ConvGeometry g, Buffer x, Buffer cols, int n0, int nb, int ld) {
        int q = g.ho() * g.wo(), rows = rows(g);
        boolean transposed = ld > 0;
        long colG = (long) (transposed ? ld : rows) * q, colN = g.groups() * colG;
        long colR = transposed ? 1 : q, colQ = transposed ? ld : 1;
        im2col.args().buffer(x).buffer(cols).i(n0).i(nb).i(g.c()).i(g.h()).i(g.w()).i(g.ho()).i(g.wo()).i(g.kh())
                .i(g.kw()).i(g.sh()).i(g.sw()).i(g.ph()).i(g.pw()).i(g.dh()).i(g.dw()).i(g.groups()).l(colN).l(colG)
                .l(colR).l(colQ)
                .launch(new long[] {rows, Launch.blocks(g.ho(), tuning().rowsPerItem()), (long) nb * g.groups()},
                        lanes(im2col));
    }

    /** The fraction of lanes left idle when {@code items} are spread over groups of {@code lanes}. */
    private static double idleLanes(long items, long lanes) {
        long padded = Launch.blocks(items, lanes) * lanes;
        return (double) (padded - items) / padded;
    }

    private long[] lanes(Kernel k) {
        return new long[] {Math.max(1, Math.min(tuning().lanes(), k.maxWorkGroupSize())), 1, 1};
    }

    private static int rows(ConvGeometry g) {
        return g.cPerGroup() * g.kh() * g.kw();
    }

    /** Images per chunk: as many as the column budget holds, at least one. */
    private int chunk(ConvGeometry g) {
        long perImage = (long) g.groups() * rows(g) * g.ho() * g.wo();
        return (int) Math.max(1, Math.min(g.n(), tuning().columnBudget() / Math.max(1, perImage)));
    }
}
