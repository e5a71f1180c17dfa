package org.lamina.backend.java;

import java.util.stream.IntStream;
import org.lamina.geometry.LocalResponseNormParams;

/**
 * Local response normalization across channels written the way the definition reads, in double
 * precision, over tensors {@code [n, c, hw]}: the Java backend's LRN and the ground truth of the
 * gradient checks. With {@code a = alpha/size} and the window of channel {@code c} running from
 * {@code c - floor(size/2)} to {@code c + floor((size-1)/2)}:
 * {@code d[c] = k + a * sum_window x^2}, {@code y[c] = x[c] * d[c]^-beta}.
 */
public final class LocalResponseNormReference {
    private LocalResponseNormReference() {
    }

    /** {@code y = x * d^-beta}. */
    public static void forward(int n, int c, int hw, LocalResponseNormParams p, double[] x, double[] y) {
        IntStream.range(0, n).parallel().forEach(b -> {
            double[] d = denominators(b, c, hw, p, x);
            int off = b * c * hw;
            for (int i = 0; i < c * hw; i++) {
                y[off + i] = x[off + i] * Math.pow(d[i], -p.beta());
            }
        });
    }

    /**
     * {@code dx} (overwritten), the chain rule through every window holding each channel:
     * {@code dx[j] = dy[j] d[j]^-beta - 2 a beta x[j] sum_{c : j in window(c)} dy[c] x[c] d[c]^(-beta-1)}.
     */
    public static void backward(int n, int c, int hw, LocalResponseNormParams p, double[] x, double[] dy,
            double[] dx) {
        double a = p.alphaPerTerm(), beta = p.beta();
        IntStream.range(0, n).parallel().forEach(b -> {
            double[] d = denominators(b, c, hw, p, x);
            int off = b * c * hw;
            for (int j = 0; j < c; j++) {
                for (int s = 0; s < hw; s++) {
                    int at = j * hw + s;
                    double through = 0;
                    // j lies in the window of ch exactly when ch - before <= j <= ch + after.
                    for (int ch = Math.max(j - p.after(), 0); ch <= Math.min(j + p.before(), c - 1); ch++) {
                        int o = ch * hw + s;
                        through += dy[off + o] * x[off + o] * Math.pow(d[o], -beta - 1);
                    }
                    dx[off + at] = dy[off + at] * Math.pow(d[at], -beta) - 2 * a * beta * x[off + at] * through;
                }
            }
        });
    }

    /** {@code d[c, s] = k + a * sum over the window of channel c of x^2}, for image {@code b}. */
    private static double[] denominators(int b, int c, int hw, LocalResponseNormParams p, double[] x) {
        int off = b * c * hw;
        double[] d = new double[c * hw];
        for (int ch = 0; ch < c; ch++) {
            int from = Math.max(ch - p.before(), 0), to = Math.min(ch + p.after(), c - 1);
            for (int s = 0; s < hw; s++) {
                double sum = 0;
                for (int cc = from; cc <= to; cc++) {
                    double v = x[off + cc * hw + s];
                    sum += v * v;
                }
                d[ch * hw + s] = p.k() + p.alphaPerTerm() * sum;
            }
        }
        return d;
    }
}
