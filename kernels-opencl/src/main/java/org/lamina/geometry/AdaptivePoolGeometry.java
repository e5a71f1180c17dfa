package org.lamina.geometry;

import java.util.Arrays;

/**
 * Every size of one 2-D adaptive average pooling: input {@code [n, c, h, w]}, output
 * {@code [n, c, ho, wo]}. Output row {@code i} averages input rows {@code floor(i*h/ho)} to
 * {@code ceil((i+1)*h/ho) - 1} (same for columns), so windows may differ in size and overlap, and the
 * output may be larger than the input. A 1x1 output is global average pooling.
 *
 * <p>{@link #of} validates everything; each failure is an {@link IllegalArgumentException} naming the
 * op, the parameter and the values.
 */
public record AdaptivePoolGeometry(int n, int c, int h, int w, int ho, int wo) {

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

    /** True for a 1x1 output: the mean of each plane. */
    public boolean isGlobal() {
        return ho == 1 && wo == 1;
    }

    /** First input index of output cell {@code i} along an axis of {@code in} inputs and {@code out} outputs. */
    public static int start(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    /** One past the last input index of output cell {@code i}: {@code ceil((i+1)*in/out)}. */
    public static int end(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /**
     * The geometry of pooling {@code input} {@code [N, C, H, W]} to {@code outH x outW}.
     *
     * @param op the op's name for messages, e.g. {@code adaptive_avg_pool2d}
     */
    public static AdaptivePoolGeometry of(String op, int[] input, int outH, int outW) {
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
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output_size " + ConvParams.pair(outH, outW)
                    + " would make the output empty; both sizes must be at least 1");
        }
        return new AdaptivePoolGeometry(input[0], input[1], input[2], input[3], outH, outW);
    }
}
