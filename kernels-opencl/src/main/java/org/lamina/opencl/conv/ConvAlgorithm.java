package org.lamina.opencl.conv;

import org.lamina.geometry.ConvGeometry;

/**
 * The ways Lamina computes a convolution. {@link ConvSelector} picks one per pass, shape class and
 * device; {@link #choose} names the specialised kernel of a geometry.
 */
public enum ConvAlgorithm {
    /** The direct kernel of {@code conv2d.cl}: every stride, padding, dilation and grouping. */
    DIRECT,
    /** {@code depthwise_conv2d.cl}: one input channel per group. */
    DEPTHWISE,
    /** 1x1, stride 1, no padding: matrix products through {@code gemm.cl}. */
    POINTWISE_GEMM,
    /** Unfolded receptive fields times the weights ({@code im2col.cl} and {@code gemm.cl}): any geometry. */
    IM2COL_GEMM,
    /**
     * Winograd F(2x2, 3x3) ({@code winograd.cl} and {@code gemm.cl}): 3x3, stride 1, one group, any
     * padding and dilation; F(3x3, 2x2) for the weight gradient.
     */
    WINOGRAD;

    /** The specialised path when one applies, else {@link #DIRECT}. */
    public static ConvAlgorithm choose(ConvGeometry g) {
        if (g.isPointwise()) {
            return POINTWISE_GEMM;
        }
        if (g.isDepthwise()) {
            return DEPTHWISE;
        }
        return DIRECT;
    }

    /** Whether this algorithm can compute {@code g}. */
    public boolean supports(ConvGeometry g) {
        return switch (this) {
            case DIRECT, IM2COL_GEMM -> true;
            case DEPTHWISE -> g.isDepthwise();
            case POINTWISE_GEMM -> g.isPointwise();
            case WINOGRAD -> WinogradConv2dKernels.supports(g);
        };
    }
}
