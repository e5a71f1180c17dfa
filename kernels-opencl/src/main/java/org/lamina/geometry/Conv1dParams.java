package org.lamina.geometry;

/**
 * The hyper-parameters of a 1-D convolution over {@code [N, C, L]}, as PyTorch's {@code conv1d} takes
 * them. Build with {@link #defaults()} and the withers. A 1-D convolution is the 2-D convolution of
 * the {@code [N, C, 1, L]} view with a {@code 1 x k} kernel ({@link #asConv2d()}).
 *
 * @param stride step between output positions, at least 1
 * @param padding zeros on each end, at least 0
 * @param dilation spacing of kernel taps, at least 1
 * @param groups channel groups; in and out channels must both divide by it
 */
public record Conv1dParams(int stride, int padding, int dilation, int groups) {

    /** Stride 1, no padding, no dilation, one group. */
    public static Conv1dParams defaults() {
        return new Conv1dParams(1, 0, 1, 1);
    }

    public Conv1dParams stride(int s) {
        return new Conv1dParams(s, padding, dilation, groups);
    }

    public Conv1dParams padding(int p) {
        return new Conv1dParams(stride, p, dilation, groups);
    }

    public Conv1dParams dilation(int d) {
        return new Conv1dParams(stride, padding, d, groups);
    }

    public Conv1dParams groups(int g) {
        return new Conv1dParams(stride, padding, dilation, g);
    }

    /** The same convolution on the {@code [N, C, 1, L]} view: the H axis is the identity. */
    public ConvParams asConv2d() {
        return ConvParams.defaults().stride(1, stride).padding(0, padding).dilation(1, dilation).groups(groups);
    }

    @Override
    public String toString() {
        return "stride=" + stride + " padding=" + padding + " dilation=" + dilation + " groups=" + groups;
    }
}
