package org.lamina.geometry;

import java.util.Arrays;

/**
 * Every size of one 2-D max or average pooling: input {@code [n, c, h, w]}, output
 * {@code [n, c, ho, wo]}, window {@code kh x kw}, stride and padding per axis.
 *
 * <p>Output size (PyTorch): {@code floor((H + 2p - k + (ceil_mode ? s-1 : 0)) / s) + 1}, and in
 * ceil mode, if {@code (out-1)*s >= H + p} then {@code out -= 1}: the last window must start inside
 * the input or the left padding. Windows that run past the end are clipped. Window {@code oy} covers
 * rows {@code oy*sh - ph} to {@code oy*sh - ph + kh - 1}.
 *
 * <p>{@link #of} validates everything; each failure is an {@link IllegalArgumentException} naming the
 * op, the parameter and the values.
 */
public record PoolGeometry(int n, int c, int h, int w, int ho, int wo, int kh, int kw, int sh, int sw, int ph,
        int pw, boolean ceilMode) {

    /** Number of {@code h x w} planes, {@code n * c}. */
    public int planes() {
        return n * c;
    }

    public int[] inputShape() {
        return new int[] {n, c, h, w};
    }

    public int[] outputShape() {
        return new int[] {n, c, ho, wo};
    }

    public long inputSize() {
        return (long) n * c * h * w;
    }

    public long outputSize() {
        return (long) n * c * ho * wo;
    }

    /**
     * The number of rows average pooling divides by for output row {@code oy}: with
     * {@code countIncludePad}, the window's rows up to {@code H + ph} (padding counts, the part past
     * the padded input in ceil mode does not); otherwise only the rows inside the input.
     */
    public int avgRows(int oy, boolean countIncludePad) {
        return avgExtent(oy, sh, ph, kh, h, countIncludePad);
    }

    /** The columns counterpart of {@link #avgRows}; the divisor is {@code avgRows * avgCols}. */
    public int avgCols(int ox, boolean countIncludePad) {
        return avgExtent(ox, sw, pw, kw, w, countIncludePad);
    }

    private static int avgExtent(int o, int s, int p, int k, int size, boolean countIncludePad) {
        int start = o * s - p;
        int end = Math.min(start + k, size + p);
        return countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0);
    }

    /**
     * The geometry of pooling {@code input} {@code [N, C, H, W]} with {@code p}.
     *
     * @param op the op's name for messages, e.g. {@code max_pool2d}
     */
    public static PoolGeometry of(String op, int[] input, PoolParams p) {
        if (input == null || input.length != 4) {
            throw new IllegalArgumentException(op + ": input must have 4 dimensions (N, C, H, W) but has shape "
                    + Arrays.toString(input));
        }
        for (int v : input) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": input shape " + Arrays.toString(input)
                        + " has a dimension below 1");
            }
        }
        String kernel = ConvParams.pair(p.kernelH(), p.kernelW());
        String padding = ConvParams.pair(p.padH(), p.padW());
        if (p.kernelH() < 1 || p.kernelW() < 1) {
            throw new IllegalArgumentException(op + ": kernel_size must be at least 1 but is " + kernel);
        }
        if (p.strideH() < 1 || p.strideW() < 1) {
            throw new IllegalArgumentException(op + ": stride must be at least 1 but is "
                    + ConvParams.pair(p.strideH(), p.strideW()));
        }
        if (p.padH() < 0 || p.padW() < 0) {
            throw new IllegalArgumentException(op + ": padding must not be negative but is " + padding);
        }
        if (p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
            throw new IllegalArgumentException(op + ": padding " + padding + " must be at most half of kernel_size "
                    + kernel + " (PyTorch's rule), i.e. at most " + ConvParams.pair(p.kernelH() / 2, p.kernelW() / 2));
        }
        int h = input[2], w = input[3];
        long paddedH = h + 2L * p.padH(), paddedW = w + 2L * p.padW();
        if (p.kernelH() > paddedH || p.kernelW() > paddedW) {
            // PyTorch lets ceil_mode make one clipped window here; a window larger than everything it
            // could see is almost always a mistake, so Lamina refuses it in both modes.
            throw new IllegalArgumentException(op + ": the pooling window kernel_size " + kernel
                    + " is larger than the padded input " + paddedH + " x " + paddedW + " (input " + h + " x " + w
                    + ", padding " + padding + ")");
        }
        int ho = outSize(h, p.kernelH(), p.strideH(), p.padH(), p.ceilMode());
        int wo = outSize(w, p.kernelW(), p.strideW(), p.padW(), p.ceilMode());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": the output would be empty (" + ho + " x " + wo + ") for input "
                    + h + " x " + w + ", " + p);
        }
        return new PoolGeometry(input[0], input[1], h, w, ho, wo, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                p.padH(), p.padW(), p.ceilMode());
    }

    /**
     * {@code floor((size + 2p - k + (ceil ? s-1 : 0)) / s) + 1}, less one in ceil mode when the last
     * window would start past the input and its left padding.
     */
    public static int outSize(int size, int kernel, int stride, int pad, boolean ceil) {
        int out = Math.floorDiv(size + 2 * pad - kernel + (ceil ? stride - 1 : 0), stride) + 1;
        if (ceil && (long) (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }
}
