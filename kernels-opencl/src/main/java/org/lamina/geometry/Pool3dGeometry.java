package org.lamina.geometry;

import java.util.Arrays;

/**
 * Every size of one 3-D max or average pooling: input {@code [n, c, d, h, w]}, output
 * {@code [n, c, od, oh, ow]}, with PyTorch's output-size rule per axis ({@link PoolGeometry#outSize}).
 * Pooling is separable, so the geometry also gives its two 2-D stages: {@link #planes()} pools each
 * (H, W) plane of the {@code [n, c*d, h, w]} view, {@link #depth()} pools along D in the
 * {@code [n*c, 1, d, oh*ow]} view of that result.
 *
 * <p>{@link #of} validates everything; each failure is an {@link IllegalArgumentException} naming the
 * op, the parameter and the values.
 */
public record Pool3dGeometry(int n, int c, int d, int h, int w, int od, int oh, int ow, PoolGeometry planes,
        PoolGeometry depth) {

    public int[] inputShape() {
        return new int[] {n, c, d, h, w};
    }

    public int[] outputShape() {
        return new int[] {n, c, od, oh, ow};
    }

    /** The shape between the two stages, {@code [n, c, d, oh, ow]}. */
    public int[] middleShape() {
        return new int[] {n, c, d, oh, ow};
    }

    /**
     * The geometry of pooling {@code input} {@code [N, C, D, H, W]} with {@code p}.
     *
     * @param op the op's name for messages, e.g. {@code max_pool3d}
     */
    public static Pool3dGeometry of(String op, int[] input, Pool3dParams p) {
        if (input == null || input.length != 5) {
            throw new IllegalArgumentException(op + ": input must have 5 dimensions (N, C, D, H, W) but has shape "
                    + Arrays.toString(input));
        }
        for (int v : input) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": input shape " + Arrays.toString(input)
                        + " has a dimension below 1");
            }
        }
        String kernel = Conv3dParams.triple(p.kernelD(), p.kernelH(), p.kernelW());
        String padding = Conv3dParams.triple(p.padD(), p.padH(), p.padW());
        if (p.kernelD() < 1 || p.kernelH() < 1 || p.kernelW() < 1) {
            throw new IllegalArgumentException(op + ": kernel_size must be at least 1 but is " + kernel);
        }
        if (p.strideD() < 1 || p.strideH() < 1 || p.strideW() < 1) {
            throw new IllegalArgumentException(op + ": stride must be at least 1 but is "
                    + Conv3dParams.triple(p.strideD(), p.strideH(), p.strideW()));
        }
        if (p.padD() < 0 || p.padH() < 0 || p.padW() < 0) {
            throw new IllegalArgumentException(op + ": padding must not be negative but is " + padding);
        }
        if (p.padD() > p.kernelD() / 2 || p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
            throw new IllegalArgumentException(op + ": padding " + padding + " must be at most half of kernel_size "
                    + kernel + " (PyTorch's rule), i.e. at most "
                    + Conv3dParams.triple(p.kernelD() / 2, p.kernelH() / 2, p.kernelW() / 2));
        }
        int n = input[0], c = input[1], d = input[2], h = input[3], w = input[4];
        long pd = d + 2L * p.padD(), ph = h + 2L * p.padH(), pw = w + 2L * p.padW();
        if (p.kernelD() > pd || p.kernelH() > ph || p.kernelW() > pw) {
            throw new IllegalArgumentException(op + ": the pooling window kernel_size " + kernel
                    + " is larger than the padded input " + pd + " x " + ph + " x " + pw + " (input " + d + " x " + h
                    + " x " + w + ", padding " + padding + ")");
        }
        if ((long) n * c * d > Integer.MAX_VALUE || (long) h * w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(input) + " is too large");
        }
        PoolGeometry planes = PoolGeometry.of(op, new int[] {n, c * d, h, w}, p.planes());
        PoolGeometry depth = PoolGeometry.of(op, new int[] {n * c, 1, d, planes.ho() * planes.wo()}, p.depth());
        return new Pool3dGeometry(n, c, d, h, w, depth.ho(), planes.ho(), planes.wo(), planes, depth);
    }
}
