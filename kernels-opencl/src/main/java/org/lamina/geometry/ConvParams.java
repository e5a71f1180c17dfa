package org.lamina.geometry;

/**
 * The hyper-parameters of a 2-D convolution or transposed convolution, per axis as PyTorch takes
 * them. Build with {@link #defaults()} and the withers: {@code ConvParams.defaults().stride(2).padding(1)}.
 *
 * @param strideH vertical stride, at least 1
 * @param strideW horizontal stride, at least 1
 * @param padH zero padding above and below, at least 0
 * @param padW zero padding left and right, at least 0
 * @param dilationH vertical spacing of kernel taps, at least 1
 * @param dilationW horizontal spacing of kernel taps, at least 1
 * @param groups channel groups; in and out channels must both divide by it
 * @param outputPadH transposed convolution only: rows added at the bottom of the output
 * @param outputPadW transposed convolution only: columns added at the right of the output
 */
public record ConvParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
        int outputPadH, int outputPadW) {

    /** Stride 1, no padding, no dilation, one group. */
    public static ConvParams defaults() {
        return new ConvParams(1, 1, 0, 0, 1, 1, 1, 0, 0);
    }

    public ConvParams stride(int s) {
        return stride(s, s);
    }

    public ConvParams stride(int h, int w) {
        return new ConvParams(h, w, padH, padW, dilationH, dilationW, groups, outputPadH, outputPadW);
    }

    public ConvParams padding(int p) {
        return padding(p, p);
    }

    public ConvParams padding(int h, int w) {
        return new ConvParams(strideH, strideW, h, w, dilationH, dilationW, groups, outputPadH, outputPadW);
    }

    public ConvParams dilation(int d) {
        return dilation(d, d);
    }

    public ConvParams dilation(int h, int w) {
        return new ConvParams(strideH, strideW, padH, padW, h, w, groups, outputPadH, outputPadW);
    }

    public ConvParams groups(int g) {
        return new ConvParams(strideH, strideW, padH, padW, dilationH, dilationW, g, outputPadH, outputPadW);
    }

    public ConvParams outputPadding(int p) {
        return outputPadding(p, p);
    }

    public ConvParams outputPadding(int h, int w) {
        return new ConvParams(strideH, strideW, padH, padW, dilationH, dilationW, groups, h, w);
    }

    @Override
    public String toString() {
        return "stride=" + pair(strideH, strideW) + " padding=" + pair(padH, padW) + " dilation="
                + pair(dilationH, dilationW) + " groups=" + groups
                + (outputPadH != 0 || outputPadW != 0 ? " output_padding=" + pair(outputPadH, outputPadW) : "");
    }

    static String pair(int h, int w) {
        return "(" + h + ", " + w + ")";
    }
}
