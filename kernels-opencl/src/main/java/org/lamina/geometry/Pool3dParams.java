package org.lamina.geometry;

/**
 * The hyper-parameters of 3-D max or average pooling over {@code [N, C, D, H, W]}, per axis as PyTorch
 * takes them; the stride defaults to the window. Pooling is separable: a 3-D window is the 2-D window
 * over (H, W) followed by the 1-D window over D ({@link #planes()}, {@link #depth()}), which is how
 * Lamina computes it (docs/kernels.md).
 *
 * @param kernelD window depth, at least 1
 * @param kernelH window height, at least 1
 * @param kernelW window width, at least 1
 * @param strideD step along D, at least 1
 * @param strideH step along H, at least 1
 * @param strideW step along W, at least 1
 * @param padD implicit padding along D, 0 to kernelD / 2
 * @param padH implicit padding along H, 0 to kernelH / 2
 * @param padW implicit padding along W, 0 to kernelW / 2
 * @param ceilMode round output sizes up instead of down
 */
public record Pool3dParams(int kernelD, int kernelH, int kernelW, int strideD, int strideH, int strideW, int padD,
        int padH, int padW, boolean ceilMode) {

    /** A cubic window of {@code k}, stride {@code k}, no padding, floor mode. */
    public static Pool3dParams kernel(int k) {
        return kernel(k, k, k);
    }

    /** A {@code d x h x w} window, stride equal to the window, no padding, floor mode. */
    public static Pool3dParams kernel(int d, int h, int w) {
        return new Pool3dParams(d, h, w, d, h, w, 0, 0, 0, false);
    }

    public Pool3dParams stride(int s) {
        return stride(s, s, s);
    }

    public Pool3dParams stride(int d, int h, int w) {
        return new Pool3dParams(kernelD, kernelH, kernelW, d, h, w, padD, padH, padW, ceilMode);
    }

    public Pool3dParams padding(int p) {
        return padding(p, p, p);
    }

    public Pool3dParams padding(int d, int h, int w) {
        return new Pool3dParams(kernelD, kernelH, kernelW, strideD, strideH, strideW, d, h, w, ceilMode);
    }

    public Pool3dParams ceilMode(boolean ceil) {
        return new Pool3dParams(kernelD, kernelH, kernelW, strideD, strideH, strideW, padD, padH, padW, ceil);
    }

    /** The (H, W) part, for the {@code [N, C*D, H, W]} view. */
    public PoolParams planes() {
        return PoolParams.kernel(kernelH, kernelW).stride(strideH, strideW).padding(padH, padW).ceilMode(ceilMode);
    }

    /** The D part, as 2-D pooling of the {@code [N*C, 1, D, Ho*Wo]} view with a {@code kD x 1} window. */
    public PoolParams depth() {
        return PoolParams.kernel(kernelD, 1).stride(strideD, 1).padding(padD, 0).ceilMode(ceilMode);
    }

    @Override
    public String toString() {
        return "kernel_size=" + Conv3dParams.triple(kernelD, kernelH, kernelW) + " stride="
                + Conv3dParams.triple(strideD, strideH, strideW) + " padding=" + Conv3dParams.triple(padD, padH, padW)
                + " ceil_mode=" + ceilMode;
    }
}
