package org.lamina.geometry;

import java.util.Arrays;

/**
 * Every size of one convolution, written as a forward convolution: input {@code [n, c, h, w]},
 * weight {@code [k, c/groups, kh, kw]} (OIHW), output {@code [n, k, ho, wo]}. A transposed
 * convolution is the adjoint of such a convolution, so it is described by the geometry of the
 * convolution whose input is the transposed convolution's output ({@link #transposed}).
 *
 * <p>The factories validate everything and compute the output size by PyTorch's rules; every
 * failure is an {@link IllegalArgumentException} naming the op, the parameter and the values.
 */
public record ConvGeometry(int n, int c, int h, int w, int k, int ho, int wo, int kh, int kw, int sh, int sw,
        int ph, int pw, int dh, int dw, int groups) {

    /** Input channels per group. */
    public int cPerGroup() {
        return c / groups;
    }

    /** Output channels per group. */
    public int kPerGroup() {
        return k / groups;
    }

    public int[] inputShape() {
        return new int[] {n, c, h, w};
    }

    public int[] weightShape() {
        return new int[] {k, c / groups, kh, kw};
    }

    public int[] outputShape() {
        return new int[] {n, k, ho, wo};
    }

    public long inputSize() {
        return (long) n * c * h * w;
    }

    public long weightSize() {
        return (long) k * (c / groups) * kh * kw;
    }

    public long outputSize() {
        return (long) n * k * ho * wo;
    }

    /** Multiply-adds of the forward pass times two. */
    public double flops() {
        return 2.0 * n * k * ho * wo * (double) (c / groups) * kh * kw;
    }

    /** True for a 1x1 kernel with stride 1 and no padding: a matrix product per image. */
    public boolean isPointwise() {
        // A transposed convolution's output padding can make the input larger than the output.
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && h == ho && w == wo;
    }

    /** True when every group has one input channel (depthwise, with any channel multiplier). */
    public boolean isDepthwise() {
        return groups == c;
    }

    /**
     * A forward convolution of {@code input} {@code [N, C, H, W]} with {@code weight}
     * {@code [K, C/groups, kH, kW]}.
     *
     * @param op the op's name for messages, e.g. {@code conv2d}
     */
    public static ConvGeometry forward(String op, int[] input, int[] weight, ConvParams p) {
        checkRank(op, "input", input);
        checkRank(op, "weight", weight);
        checkParams(op, p, false);
        int n = input[0], c = input[1], h = input[2], w = input[3];
        int k = weight[0], kh = weight[2], kw = weight[3];
        checkCommon(op, input, weight, p, c, k, "in_channels", "out_channels");
        if (weight[1] * p.groups() != c) {
            throw new IllegalArgumentException(op + ": weight " + Arrays.toString(weight) + " expects "
                    + weight[1] * p.groups() + " input channels (" + weight[1] + " per group x groups " + p.groups()
                    + ") but the input " + Arrays.toString(input) + " has " + c);
        }
        int ho = outSize(h, kh, p.strideH(), p.padH(), p.dilationH());
        int wo = outSize(w, kw, p.strideW(), p.padW(), p.dilationW());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": the output would be empty (" + ho + " x " + wo + "): input "
                    + h + " x " + w + " is smaller than the dilated kernel " + dilated(kh, p.dilationH()) + " x "
                    + dilated(kw, p.dilationW()) + " with padding " + ConvParams.pair(p.padH(), p.padW()));
        }
        return new ConvGeometry(n, c, h, w, k, ho, wo, kh, kw, p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.groups());
    }

    /**
     * A transposed convolution of {@code input} {@code [N, C_in, H, W]} with {@code weight}
     * {@code [C_in, C_out/groups, kH, kW]} (PyTorch's layout). Its output is
     * {@code (H-1)*s - 2p + d(k-1) + output_padding + 1} high; the returned geometry is that of the
     * convolution it is the adjoint of: input = the transposed output, output = the transposed input.
     */
    public static ConvGeometry transposed(String op, int[] input, int[] weight, ConvParams p) {
        checkRank(op, "input", input);
        checkRank(op, "weight", weight);
        checkParams(op, p, true);
        int n = input[0], cin = input[1], h = input[2], w = input[3];
        int kh = weight[2], kw = weight[3];
        int cout = weight[1] * p.groups();
        checkCommon(op, input, weight, p, cin, cout, "in_channels", "out_channels");
        if (weight[0] != cin) {
            throw new IllegalArgumentException(op + ": weight " + Arrays.toString(weight) + " expects " + weight[0]
                    + " input channels (its first dimension) but the input " + Arrays.toString(input) + " has " + cin);
        }
        int ho = transposedOutSize(h, kh, p.strideH(), p.padH(), p.dilationH(), p.outputPadH());
        int wo = transposedOutSize(w, kw, p.strideW(), p.padW(), p.dilationW(), p.outputPadW());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": the output would be empty (" + ho + " x " + wo + ") for input "
                    + h + " x " + w + ", kernel " + kh + " x " + kw + ", padding " + ConvParams.pair(p.padH(), p.padW()));
        }
        return new ConvGeometry(n, cout, ho, wo, cin, h, w, kh, kw, p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.groups());
    }

    /** {@code floor((size + 2p - d(k-1) - 1)/s) + 1}. */
    public static int outSize(int size, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(size + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** {@code (size-1)*s - 2p + d(k-1) + output_padding + 1}. */
    public static int transposedOutSize(int size, int kernel, int stride, int pad, int dilation, int outputPad) {
        return (size - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPad + 1;
    }

    private static int dilated(int k, int d) {
        return d * (k - 1) + 1;
    }

    private static void checkRank(String op, String name, int[] shape) {
        if (shape == null || shape.length != 4) {
            throw new IllegalArgumentException(op + ": " + name + " must have 4 dimensions ("
                    + ("input".equals(name) ? "N, C, H, W" : "out, in/groups, kH, kW") + ") but has shape "
                    + Arrays.toString(shape));
        }
        for (int v : shape) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": " + name + " shape " + Arrays.toString(shape)
                        + " has a dimension below 1");
            }
        }
    }

    private static void checkParams(String op, ConvParams p, boolean transposed) {
        if (p.strideH() < 1 || p.strideW() < 1) {
            throw new IllegalArgumentException(op + ": stride must be at least 1 but is "
                    + ConvParams.pair(p.strideH(), p.strideW()));
        }
        if (p.dilationH() < 1 || p.dilationW() < 1) {
            throw new IllegalArgumentException(op + ": dilation must be at least 1 but is "
                    + ConvParams.pair(p.dilationH(), p.dilationW()));
        }
        if (p.padH() < 0 || p.padW() < 0) {
            throw new IllegalArgumentException(op + ": padding must not be negative but is "
                    + ConvParams.pair(p.padH(), p.padW()));
        }
        if (p.groups() < 1) {
            throw new IllegalArgumentException(op + ": groups must be at least 1 but is " + p.groups());
        }
        if (!transposed && (p.outputPadH() != 0 || p.outputPadW() != 0)) {
            throw new IllegalArgumentException(op + ": output_padding " + ConvParams.pair(p.outputPadH(), p.outputPadW())
                    + " applies to transposed convolution only");
        }
        if (transposed) {
            if (p.outputPadH() < 0 || p.outputPadW() < 0) {
                throw new IllegalArgumentException(op + ": output_padding must not be negative but is "
                        + ConvParams.pair(p.outputPadH(), p.outputPadW()));
            }
            if (p.outputPadH() >= Math.max(p.strideH(), p.dilationH())
                    || p.outputPadW() >= Math.max(p.strideW(), p.dilationW())) {
                throw new IllegalArgumentException(op + ": output_padding " + ConvParams.pair(p.outputPadH(),
                        p.outputPadW()) + " must be smaller than either stride " + ConvParams.pair(p.strideH(),
                        p.strideW()) + " or dilation " + ConvParams.pair(p.dilationH(), p.dilationW()));
            }
        }
    }

    private static void checkCommon(String op, int[] input, int[] weight, ConvParams p, int cin, int cout,
            String inName, String outName) {
        if (cin % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": " + inName + " " + cin + " is not divisible by groups "
                    + p.groups());
        }
        if (cout % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": " + outName + " " + cout + " (weight "
                    + Arrays.toString(weight) + ") is not divisible by groups " + p.groups());
        }
    }
}
