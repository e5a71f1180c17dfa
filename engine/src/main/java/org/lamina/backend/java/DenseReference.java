package org.lamina.backend.java;

import java.util.stream.IntStream;

/**
 * Fully connected layers the way the definition reads, in double precision, row-major:
 * {@code x [n, in]}, {@code w [out, in]}, {@code b [out]}, {@code y [n, out]}. The Java backend's dense
 * ops, and the ground truth of the gradient checks. Each loop nest parallelises over an index that owns
 * its output.
 */
public final class DenseReference {
    private DenseReference() {
    }

    /** {@code y[i, o] = b[o] + sum_p x[i, p] w[o, p]}; {@code b} may be null. */
    public static void forward(int n, int in, int out, double[] x, double[] w, double[] b, double[] y) {
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int p = 0; p < in; p++) {
                    s += x[i * in + p] * w[o * in + p];
                }
                y[i * out + o] = s;
            }
        });
    }

    /** {@code dx[i, p] = sum_o dy[i, o] w[o, p]} (overwritten). */
    public static void backwardInput(int n, int in, int out, double[] dy, double[] w, double[] dx) {
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int p = 0; p < in; p++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += dy[i * out + o] * w[o * in + p];
                }
                dx[i * in + p] = s;
            }
        });
    }

    /** {@code dw[o, p] = sum_i dy[i, o] x[i, p]} (overwritten). */
    public static void backwardWeight(int n, int in, int out, double[] x, double[] dy, double[] dw) {
        IntStream.range(0, out).parallel().forEach(o -> {
            for (int p = 0; p < in; p++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += dy[i * out + o] * x[i * in + p];
                }
                dw[o * in + p] = s;
            }
        });
    }

    /** {@code db[o] = sum_i dy[i, o]} (overwritten). */
    public static void backwardBias(int n, int out, double[] dy, double[] db) {
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += dy[i * out + o];
            }
            db[o] = s;
        }
    }
}
