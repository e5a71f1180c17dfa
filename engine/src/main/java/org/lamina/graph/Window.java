package org.lamina.graph;

/**
 * How output positions of a layer map to input positions, per axis: a window of {@code kernel}
 * taps spaced {@code dilation} apart, moved by {@code stride}, starting {@code padding} before the
 * input. {@link #GLOBAL} marks layers whose every output sees the whole input; a transposed window
 * upsamples by its stride instead.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW, int padH,
        int padW, boolean global, boolean transposed) {

    public static final Window POINTWISE = new Window(1, 1, 1, 1, 1, 1, 0, 0, false, false);
    public static final Window GLOBAL = new Window(1, 1, 1, 1, 1, 1, 0, 0, true, false);

    public static Window of(int kh, int kw, int sh, int sw, int dh, int dw, int ph, int pw) {
        return new Window(kh, kw, sh, sw, dh, dw, ph, pw, false, false);
    }

    /** The same window used as a transposed convolution (it upsamples by its stride) when {@code t}. */
    public Window transposedIf(boolean t) {
        return new Window(kernelH, kernelW, strideH, strideW, dilationH, dilationW, padH, padW, global, t);
    }
}
