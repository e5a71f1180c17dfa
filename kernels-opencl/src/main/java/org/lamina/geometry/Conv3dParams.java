package org.lamina.geometry;

/**
 * The hyper-parameters of a 3-D convolution over {@code [N, C, D, H, W]}, per axis (depth, height,
 * width) as PyTorch's {@code conv3d} takes them. Build with {@link #defaults()} and the withers:
 * {@code Conv3dParams.defaults().padding(1, 0, 0)}.
 *
 * @param strideD step along D, at least 1
 * @param strideH step along H, at least 1
 * @param strideW step along W, at least 1
 * @param padD zeros before and after along D, at least 0
 * @param padH zeros above and below, at least 0
 * @param padW zeros left and right, at least 0
 * @param dilationD spacing of taps along D, at least 1
 * @param dilationH spacing of taps along H, at least 1
 * @param dilationW spacing of taps along W, at least 1
 * @param groups channel groups; in and out channels must both divide by it
 */
public record Conv3dParams(int strideD, int strideH, int strideW, int padD, int padH, int padW, int dilationD,
        int dilationH, int dilationW, int groups) {

    /** Stride 1, no padding, no dilation, one group. */
    public static Conv3dParams defaults() {
        return new Conv3dParams(1, 1, 1, 0, 0, 0, 1, 1, 1, 1);
    }

    public Conv3dParams stride(int s) {
        return stride(s, s, s);
    }

    public Conv3dParams stride(int d, int h, int w) {
        return new Conv3dParams(d, h, w, padD, padH, padW, dilationD, dilationH, dilationW, groups);
    }

    public Conv3dParams padding(int p) {
        return padding(p, p, p);
    }

    public Conv3dParams padding(int d, int h, int w) {
        return new Conv3dParams(strideD, strideH, strideW, d, h, w, dilationD, dilationH, dilationW, groups);
    }

    public Conv3dParams dilation(int d) {
        return dilation(d, d, d);
    }

    public Conv3dParams dilation(int d, int h, int w) {
        return new Conv3dParams(strideD, strideH, strideW, padD, padH, padW, d, h, w, groups);
    }

    public Conv3dParams groups(int g) {
        return new Conv3dParams(strideD, strideH, strideW, padD, padH, padW, dilationD, dilationH, dilationW, g);
    }

    @Override
    public String toString() {
        return "stride=" + triple(strideD, strideH, strideW) + " padding=" + triple(padD, padH, padW) + " dilation="
                + triple(dilationD, dilationH, dilationW) + " groups=" + groups;
    }

    static String triple(int d, int h, int w) {
        return "(" + d + ", " + h + ", " + w + ")";
    }
}
