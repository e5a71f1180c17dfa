package org.lamina.backend.java;

/**
 * The element-wise and structural ops in double precision: the Java backend's, and the ground truth
 * of the gradient checks. Concatenation works on {@code [outer, C_i, inner]} blocks along the middle
 * dimension.
 */
public final class ElementwiseReference {
    private ElementwiseReference() {
    }

    /** {@code c = a + b}. */
    public static void add(double[] a, double[] b, double[] c) {
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] + b[i];
        }
    }

    /** {@code target += alpha * source}, in place. */
    public static void accumulate(double[] target, double[] source, double alpha) {
        for (int i = 0; i < target.length; i++) {
            target[i] += alpha * source[i];
        }
    }

    /** {@code y = alpha * x}; {@code y} may be {@code x}. */
    public static void scale(double[] x, double alpha, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = alpha * x[i];
        }
    }

    /**
     * {@code y[o, off_i + c, j] = inputs[i][o, c, j]} with {@code off_i} the channels of the inputs
     * before i; input i has {@code channels[i]} channels, {@code y} their sum.
     */
    public static void concat(int outer, int inner, double[][] inputs, int[] channels, double[] y) {
        int total = 0;
        for (int c : channels) {
            total += c;
        }
        int offset = 0;
        for (int i = 0; i < inputs.length; i++) {
            int rowLength = channels[i] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(inputs[i], o * rowLength, y, (o * total + offset) * inner, rowLength);
            }
            offset += channels[i];
        }
    }

    /** The adjoint of {@link #concat}: {@code outputs[i][o, c, j] = dy[o, off_i + c, j]}. */
    public static void split(int outer, int inner, double[] dy, int[] channels, double[][] outputs) {
        int total = 0;
        for (int c : channels) {
            total += c;
        }
        int offset = 0;
        for (int i = 0; i < outputs.length; i++) {
            int rowLength = channels[i] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(dy, (o * total + offset) * inner, outputs[i], o * rowLength, rowLength);
            }
            offset += channels[i];
        }
    }
}
