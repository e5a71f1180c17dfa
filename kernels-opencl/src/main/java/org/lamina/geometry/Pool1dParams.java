package org.lamina.geometry;

/**
 * The hyper-parameters of 1-D max or average pooling over {@code [N, C, L]}, as PyTorch takes them;
 * the stride defaults to the window. 1-D pooling is 2-D pooling of the {@code [N, C, 1, L]} view with a
 * {@code 1 x k} window ({@link #asPool2d()}).
 *
 * @param kernel window length, at least 1
 * @param stride step between windows, at least 1
 * @param padding implicit padding on each end, 0 to kernel / 2
 * @param ceilMode round the output length up instead of down
 */
public record Pool1dParams(int kernel, int stride, int padding, boolean ceilMode) {

    /** A window of {@code k}, stride {@code k}, no padding, floor mode. */
    public static Pool1dParams kernel(int k) {
        return new Pool1dParams(k, k, 0, false);
    }

    public Pool1dParams stride(int s) {
        return new Pool1dParams(kernel, s, padding, ceilMode);
    }

    public Pool1dParams padding(int p) {
        return new Pool1dParams(kernel, stride, p, ceilMode);
    }

    public Pool1dParams ceilMode(boolean ceil) {
        return new Pool1dParams(kernel, stride, padding, ceil);
    }

    /** The same pooling on the {@code [N, C, 1, L]} view. */
    public PoolParams asPool2d() {
        return PoolParams.kernel(1, kernel).stride(1, stride).padding(0, padding).ceilMode(ceilMode);
    }

    @Override
    public String toString() {
        return "kernel_size=" + kernel + " stride=" + stride + " padding=" + padding + " ceil_mode=" + ceilMode;
    }
}
