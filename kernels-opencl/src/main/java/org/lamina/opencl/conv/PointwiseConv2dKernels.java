package org.lamina.opencl.conv;

import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.GemmKernels.BiasAxis;
import org.lamina.opencl.gemm.MatrixView;

/**
 * 1x1 convolutions with stride 1 and no padding, as matrix products per image and group: for image
 * n and group g, {@code Y[n,g] (K/g x HW) = W[g] (K/g x C/g) X[n,g] (C/g x HW)}. The gradients are
 * the transposed products; the weight gradient sums over the images as reduction batches.
 */
public final class PointwiseConv2dKernels {
    private final GemmKernels gemm;

    public PointwiseConv2dKernels(GemmKernels gemm) {
        this.gemm = gemm;
    }

    /** {@code y = w x + bias} per image and group; {@code bias} may be null. */
    public void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        requirePointwise(g);
        Conv2dKernels.checkSizes(g, "1x1 conv2d", x, w, bias, y, g.k());
        int hw = g.h() * g.w(), cg = g.cPerGroup(), kg = g.kPerGroup();
        MatrixView a = MatrixView.rowMajor(w, 0, cg).batched(0, (long) kg * cg);
        MatrixView b = MatrixView.rowMajor(x, 0, hw).batched((long) g.c() * hw, (long) cg * hw);
        MatrixView c = MatrixView.rowMajor(y, 0, hw).batched((long) g.k() * hw, (long) kg * hw);
        gemm.multiply(GemmCall.of(kg, hw, cg).a(a).b(b).c(c).bias(bias, BiasAxis.ROWS, kg)
                .batches(g.n(), g.groups()));
    }

    /** {@code dx = w^T dy + bias} per image and group; {@code bias} (per channel of dx) may be null. */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        requirePointwise(g);
        int hw = g.h() * g.w(), cg = g.cPerGroup(), kg = g.kPerGroup();
        MatrixView a = MatrixView.rowMajor(w, 0, cg).batched(0, (long) kg * cg).transposed();
        MatrixView b = MatrixView.rowMajor(dy, 0, hw).batched((long) g.k() * hw, (long) kg * hw);
        MatrixView c = MatrixView.rowMajor(dx, 0, hw).batched((long) g.c() * hw, (long) cg * hw);
        gemm.multiply(GemmCall.of(cg, hw, kg).a(a).b(b).c(c).bias(bias, BiasAxis.ROWS, cg)
                .batches(g.n(), g.groups()));
    }

    /** {@code dw[g] = sum over images of dy[n,g] x[n,g]^T}, overwriting {@code dw}. */
    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requirePointwise(g);
        int hw = g.h() * g.w(), cg = g.cPerGroup(), kg = g.kPerGroup();
        MatrixView a = MatrixView.rowMajor(dy, 0, hw).batched(0, (long) kg * hw).reducing((long) g.k() * hw);
        MatrixView b = MatrixView.rowMajor(x, 0, hw).batched(0, (long) cg * hw).reducing((long) g.c() * hw)
                .transposed();
        MatrixView c = MatrixView.rowMajor(dw, 0, cg).batched(0, (long) kg * cg);
        gemm.multiply(GemmCall.of(kg, cg, hw).a(a).b(b).c(c).batches(1, g.groups()).reductions(g.n()));
    }

    private static void requirePointwise(ConvGeometry g) {
        if (!g.isPointwise()) {
            throw new IllegalArgumentException("1x1 conv2d: needs a 1x1 kernel, stride 1 and no padding, not "
                    + g.kh() + "x" + g.kw() + " stride (" + g.sh() + ", " + g.sw() + ") padding (" + g.ph() + ", "
                    + g.pw() + ")");
        }
    }
}
