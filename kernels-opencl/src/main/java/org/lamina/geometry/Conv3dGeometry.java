package org.lamina.geometry;

import java.util.Arrays;

/**
 * Every size of one 3-D convolution: input {@code [n, c, d, h, w]}, weight
 * {@code [k, c/groups, kd, kh, kw]}, output {@code [n, k, od, oh, ow]}; per axis
 * {@code out = floor((in + 2p - dil(k-1) - 1)/s) + 1}, as PyTorch's {@code conv3d}.
 *
 * <p>{@link #of} validates everything; each failure is an {@link IllegalArgumentException} naming the
 * op, the parameter and the values.
 */
public record Conv3dGeometry(int n, int c, int d, int h, int w, int k, int od, int oh, int ow, int kd, int kh, int kw,
        int sd, int sh, int sw, int pd, int ph, int pw, int dd, int dh, int dw, int groups) {

    public int cPerGroup() {
        return c / groups;
    }

    public int kPerGroup() {
        return k / groups;
    }

    public int[] inputShape() {
        return new int[] {n, c, d, h, w};
    }

    public int[] weightShape() {
        return new int[] {k, c / groups, kd, kh, kw};
    }

    public int[] outputShape() {
        return new int[] {n, k, od, oh, ow};
    }

    public long inputSize() {
        return (long) n * c * d * h * w;
    }

    public long weightSize() {
        return (long) k * (c / groups) * kd * kh * kw;
    }

    public long outputSize() {
        return (long) n * k * od * oh * ow;
    }

    /** Multiply-adds of the forward pass times two. */
    public double flops() {
        return 2.0 * outputSize() * (double) (c / groups) * kd * kh * kw;
    }

    /**
     * A 3-D convolution of {@code input} {@code [N, C, D, H, W]} with {@code weight}
     * {@code [K, C/groups, kD, kH, kW]}.
     *
     * @param op the op's name for messages, e.g. {@code conv3d}
     */
    public static Conv3dGeometry of(String op, int[] input, int[] weight, Conv3dParams p) {
        checkShape(op, "input", input, "N, C, D, H, W");
        checkShape(op, "weight", weight, "out, in/groups, kD, kH, kW");
        if (p.strideD() < 1 || p.strideH() < 1 || p.strideW() < 1) {
            throw new IllegalArgumentException(op + ": stride must be at least 1 but is "
                    + Conv3dParams.triple(p.strideD(), p.strideH(), p.strideW()));
        }
        if (p.dilationD() < 1 || p.dilationH() < 1 || p.dilationW() < 1) {
            throw new IllegalArgumentException(op + ": dilation must be at least 1 but is "
                    + Conv3dParams.triple(p.dilationD(), p.dilationH(), p.dilationW()));
        }
        if (p.padD() < 0 || p.padH() < 0 || p.padW() < 0) {
            throw new IllegalArgumentException(op + ": padding must not be negative but is "
                    + Conv3dParams.triple(p.padD(), p.padH(), p.padW()));
        }
        if (p.groups() < 1) {
            throw new IllegalArgumentException(op + ": groups must be at least 1 but is " + p.groups());
        }
        int c = input[1], k = weight[0];
        if (c % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": in_channels " + c + " is not divisible by groups " + p.groups());
        }
        if (k % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": out_channels " + k + " (weight " + Arrays.toString(weight)
                    + ") is not divisible by groups " + p.groups());
        }
        if (weight[1] * p.groups() != c) {
            throw new IllegalArgumentException(op + ": weight " + Arrays.toString(weight) + " expects "
                    + weight[1] * p.groups() + " input channels (" + weight[1] + " per group x groups " + p.groups()
                    + ") but the input " + Arrays.toString(input) + " has " + c);
        }
        int od = ConvGeometry.outSize(input[2], weight[2], p.strideD(), p.padD(), p.dilationD());
        int oh = ConvGeometry.outSize(input[3], weight[3], p.strideH(), p.padH(), p.dilationH());
        int ow = ConvGeometry.outSize(input[4], weight[4], p.strideW(), p.padW(), p.dilationW());
        if (od < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": the output would be empty (" + od + " x " + oh + " x " + ow
                    + "): input " + input[2] + " x " + input[3] + " x " + input[4] + " is smaller than the dilated kernel "
                    + dilated(weight[2], p.dilationD()) + " x " + dilated(weight[3], p.dilationH()) + " x "
                    + dilated(weight[4], p.dilationW()) + " with padding "
                    + Conv3dParams.triple(p.padD(), p.padH(), p.padW()));
        }
        return new Conv3dGeometry(input[0], c, input[2], input[3], input[4], k, od, oh, ow, weight[2], weight[3],
                weight[4], p.strideD(), p.strideH(), p.strideW(), p.padD(), p.padH(), p.padW(), p.dilationD(),
                p.dilationH(), p.dilationW(), p.groups());
    }

    private static int dilated(int k, int d) {
        return d * (k - 1) + 1;
    }

    private static void checkShape(String op, String name, int[] shape, String dims) {
        if (shape == null || shape.length != 5) {
            throw new IllegalArgumentException(op + ": " + name + " must have 5 dimensions (" + dims
                    + ") but has shape " + Arrays.toString(shape));
        }
        for (int v : shape) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": " + name + " shape " + Arrays.toString(shape)
                        + " has a dimension below 1");
            }
        }
    }
}
