package org.lamina.geometry;

/**
 * The hyper-parameters of 2-D max or average pooling, per axis as PyTorch takes them. Build with
 * {@link #kernel(int)} (stride defaults to the kernel size, as in PyTorch) and the withers:
 * {@code PoolParams.kernel(3).stride(2).padding(1).ceilMode(true)}. Validated against an input by
 * {@link PoolGeometry#of}.
 *
 * @param kernelH window height, at least 1
 * @param kernelW window width, at least 1
 * @param strideH vertical step between windows, at least 1
 * @param strideW horizontal step between windows, at least 1
 * @param padH implicit padding above and below, 0 to kernelH / 2
 * @param padW implicit padding left and right, 0 to kernelW / 2
 * @param ceilMode round the output size up instead of down (the last window may run past the end)
 */
public record PoolParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean ceilMode) {

    /** A square window of {@code k}, stride {@code k}, no padding, floor mode. */
    public static PoolParams kernel(int k) {
        return kernel(k, k);
    }

    /** A {@code h x w} window, stride equal to the window, no padding, floor mode. */
    public static PoolParams kernel(int h, int w) {
        return new PoolParams(h, w, h, w, 0, 0, false);
    }

    public PoolParams stride(int s) {
        return stride(s, s);
    }

    public PoolParams stride(int h, int w) {
        return new PoolParams(kernelH, kernelW, h, w, padH, padW, ceilMode);
    }

    public PoolParams padding(int p) {
        return padding(p, p);
    }

    public PoolParams padding(int h, int w) {
        return new PoolParams(kernelH, kernelW, strideH, strideW, h, w, ceilMode);
    }

    public PoolParams ceilMode(boolean ceil) {
        return new PoolParams(kernelH, kernelW, strideH, strideW, padH, padW, ceil);
    }

    @Override
    public String toString() {
        return "kernel_size=" + ConvParams.pair(kernelH, kernelW) + " stride=" + ConvParams.pair(strideH, strideW)
                + " padding=" + ConvParams.pair(padH, padW) + " ceil_mode=" + ceilMode;
    }
}
