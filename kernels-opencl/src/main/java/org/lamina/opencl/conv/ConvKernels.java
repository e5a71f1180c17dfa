package org.lamina.opencl.conv;

import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * Every convolution path of one context behind one interface: forward, input gradient (which is
 * also the transposed convolution), weight gradient and bias gradient, each with the algorithm its
 * {@link ConvSelector} picks (tuned per device, or by rule), or one named explicitly.
 */
public final class ConvKernels {
    private final Conv2dKernels direct;
    private final DepthwiseConv2dKernels depthwise;
    private final PointwiseConv2dKernels pointwise;
    private final Im2colConv2dKernels im2col;
    private final WinogradConv2dKernels winograd;
    private final ConvSelector selector;

    /** The kernels of {@code context} with the untuned rules of its device type. */
    public ConvKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, ConvSelector.rules(context.device().type()));
    }

    public ConvKernels(ClContext context, GemmKernels gemm, ConvSelector selector) {
        this(new Conv2dKernels(context), new DepthwiseConv2dKernels(context), new PointwiseConv2dKernels(gemm),
                new Im2colConv2dKernels(context, gemm), new WinogradConv2dKernels(context, gemm), selector);
    }

    public ConvKernels(Conv2dKernels direct, DepthwiseConv2dKernels depthwise, PointwiseConv2dKernels pointwise,
            Im2colConv2dKernels im2col, WinogradConv2dKernels winograd, ConvSelector selector) {
        this.winograd = winograd;
        this.direct = direct;
        this.depthwise = depthwise;
        this.pointwise = pointwise;
        this.im2col = im2col;
        this.selector = selector;
    }

    /** What picks the algorithm of each pass. */
    public ConvSelector selector() {
        return selector;
    }

    public void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        forward(selector.forward(g), g, x, w, bias, y);
    }

    public void forward(ConvAlgorithm a, ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        switch (supported(a, g)) {
            case DIRECT -> direct.forward(g, x, w, bias, y);
            case DEPTHWISE -> depthwise.forward(g, x, w, bias, y);
            case POINTWISE_GEMM -> pointwise.forward(g, x, w, bias, y);
            case IM2COL_GEMM -> im2col.forward(g, x, w, bias, y);
            case WINOGRAD -> winograd.forward(g, x, w, bias, y);
        }
    }

    /** The input gradient; with a bias, the forward pass of the transposed convolution. */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        backwardData(selector.backwardData(g), g, dy, w, bias, dx);
    }

    public void backwardData(ConvAlgorithm a, ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        switch (supported(a, g)) {
            case DIRECT -> direct.backwardData(g, dy, w, bias, dx);
            case DEPTHWISE -> depthwise.backwardData(g, dy, w, bias, dx);
            case POINTWISE_GEMM -> pointwise.backwardData(g, dy, w, bias, dx);
            case IM2COL_GEMM -> im2col.backwardData(g, dy, w, bias, dx);
            case WINOGRAD -> winograd.backwardData(g, dy, w, bias, dx);
        }
    }

    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        backwardFilter(selector.backwardFilter(g), g, x, dy, dw);
    }

    public void backwardFilter(ConvAlgorithm a, ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        switch (supported(a, g)) {
            case DIRECT -> direct.backwardFilter(g, x, dy, dw);
            case DEPTHWISE -> depthwise.backwardFilter(g, x, dy, dw);
            case POINTWISE_GEMM -> pointwise.backwardFilter(g, x, dy, dw);
            case IM2COL_GEMM -> im2col.backwardFilter(g, x, dy, dw);
            case WINOGRAD -> winograd.backwardFilter(g, x, dy, dw);
        }
    }

    /** Sums {@code dy} {@code [n, channels, hw]} over images and positions, per channel. */
    public void biasGrad(int n, int channels, int hw, Buffer dy, Buffer db) {
        direct.biasGrad(n, channels, hw, dy, db);
    }

    private static ConvAlgorithm supported(ConvAlgorithm a, ConvGeometry g) {
        if (!a.supports(g)) {
            throw new IllegalArgumentException("conv2d: algorithm " + a + " cannot compute kernel " + g.kh() + "x"
                    + g.kw() + " stride (" + g.sh() + ", " + g.sw() + ") padding (" + g.ph() + ", " + g.pw()
                    + ") groups " + g.groups() + " with " + g.c() + " input channels");
        }
        return a;
    }
}
