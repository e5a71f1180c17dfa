package org.lamina.opencl.conv;

import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Lazy;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * Every convolution path of one context behind one interface: forward, input gradient (which is
 * also the transposed convolution), weight gradient and bias gradient, each with the algorithm its
 * {@link ConvSelector} picks (tuned per device, or by rule), or one named explicitly.
 */
public final class ConvKernels {
    // Each path's programs are built on its first use: a network without 3x3 layers never compiles
    // Winograd's four programs, one without grouped layers never the depthwise one.
    private final Lazy<Conv2dKernels> direct;
    private final Lazy<DepthwiseConv2dKernels> depthwise;
    private final Lazy<PointwiseConv2dKernels> pointwise;
    private final Lazy<Im2colConv2dKernels> im2col;
    private final Lazy<WinogradConv2dKernels> winograd;
    private final ConvSelector selector;

    /** The kernels of {@code context} with the untuned rules of its device type. */
    public ConvKernels(ClContext context, GemmKernels gemm) {
        this(context, gemm, ConvSelector.rules(context.device().type()));
    }

    /** The kernels of {@code context}, each path built on its first use. */
    public ConvKernels(ClContext context, GemmKernels gemm, ConvSelector selector) {
        this.direct = new Lazy<>(() -> new Conv2dKernels(context));
        this.depthwise = new Lazy<>(() -> new DepthwiseConv2dKernels(context));
        this.pointwise = new Lazy<>(() -> new PointwiseConv2dKernels(gemm));
        this.im2col = new Lazy<>(() -> new Im2colConv2dKernels(context, gemm));
        this.winograd = new Lazy<>(() -> new WinogradConv2dKernels(context, gemm));
        this.selector = selector;
    }

    /** Over paths built already (tests that give each path its own tuning). */
    public ConvKernels(Conv2dKernels direct, DepthwiseConv2dKernels depthwise, PointwiseConv2dKernels pointwise,
            Im2colConv2dKernels im2col, WinogradConv2dKernels winograd, ConvSelector selector) {
        this.winograd = new Lazy<>(() -> winograd);
        this.direct = new Lazy<>(() -> direct);
        this.depthwise = new Lazy<>(() -> depthwise);
        this.pointwise = new Lazy<>(() -> pointwise);
        this.im2col = new Lazy<>(() -> im2col);
        this.selector = selector;
    }

    /**
     * Builds now the programs of the paths the selector picks for the three passes of {@code g}, so
     * that a caller can build them ahead of the first step (and on several threads, one per path).
     */
    public void prepare(ConvGeometry g) {
        path(selector.forward(g), g);
        path(selector.backwardData(g), g);
        path(selector.backwardFilter(g), g);
        direct.get(); // the bias gradient
    }

    /** Builds the programs of path {@code a}, when it computes {@code g}. */
    private void path(ConvAlgorithm a, ConvGeometry g) {
        if (!a.supports(g)) {
            return; // the pass will name the mismatch when it runs
        }
        switch (a) {
            case DIRECT -> direct.get();
            case DEPTHWISE -> depthwise.get();
            case POINTWISE_GEMM -> pointwise.get();
            case IM2COL_GEMM -> im2col.get();
            case WINOGRAD -> winograd.get();
        }
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
            case DIRECT -> direct.get().forward(g, x, w, bias, y);
            case DEPTHWISE -> depthwise.get().forward(g, x, w, bias, y);
            case POINTWISE_GEMM -> pointwise.get().forward(g, x, w, bias, y);
            case IM2COL_GEMM -> im2col.get().forward(g, x, w, bias, y);
            case WINOGRAD -> winograd.get().forward(g, x, w, bias, y);
        }
    }

    /** The input gradient; with a bias, the forward pass of the transposed convolution. */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        backwardData(selector.backwardData(g), g, dy, w, bias, dx);
    }

    public void backwardData(ConvAlgorithm a, ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        switch (supported(a, g)) {
            case DIRECT -> direct.get().backwardData(g, dy, w, bias, dx);
            case DEPTHWISE -> depthwise.get().backwardData(g, dy, w, bias, dx);
            case POINTWISE_GEMM -> pointwise.get().backwardData(g, dy, w, bias, dx);
            case IM2COL_GEMM -> im2col.get().backwardData(g, dy, w, bias, dx);
            case WINOGRAD -> winograd.get().backwardData(g, dy, w, bias, dx);
        }
    }

    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        backwardFilter(selector.backwardFilter(g), g, x, dy, dw);
    }

    public void backwardFilter(ConvAlgorithm a, ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        switch (supported(a, g)) {
            case DIRECT -> direct.get().backwardFilter(g, x, dy, dw);
            case DEPTHWISE -> depthwise.get().backwardFilter(g, x, dy, dw);
            case POINTWISE_GEMM -> pointwise.get().backwardFilter(g, x, dy, dw);
            case IM2COL_GEMM -> im2col.get().backwardFilter(g, x, dy, dw);
            case WINOGRAD -> winograd.get().backwardFilter(g, x, dy, dw);
        }
    }

    /** Sums {@code dy} {@code [n, channels, hw]} over images and positions, per channel. */
    public void biasGrad(int n, int channels, int hw, Buffer dy, Buffer db) {
        direct.get().biasGrad(n, channels, hw, dy, db);
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
