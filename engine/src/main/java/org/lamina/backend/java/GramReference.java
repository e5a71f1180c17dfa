package org.lamina.backend.java;

/**
 * Gram matrices in double precision, the reference the OpenCL kernels are checked against:
 * {@code g[n][i][j] = sum_p x[n][i][p] x[n][j][p] / (c*hw)} and its gradient
 * {@code dx[n][i][p] = sum_j (dg[n][i][j] + dg[n][j][i]) x[n][j][p] / (c*hw)}.
 */
public final class GramReference {
    private GramReference() {
    }

    /** {@code g [n, c, c]} of {@code x [n, c, hw]}. */
    public static void forward(int n, int c, int hw, double[] x, double[] g) {
        double scale = 1.0 / ((double) c * hw);
        for (int b = 0; b < n; b++) {
            int xo = b * c * hw, go = b * c * c;
            for (int i = 0; i < c; i++) {
                for (int j = i; j < c; j++) {
                    double s = 0;
                    for (int p = 0; p < hw; p++) {
                        s += x[xo + i * hw + p] * x[xo + j * hw + p];
                    }
                    g[go + i * c + j] = s * scale;
                    g[go + j * c + i] = s * scale;
                }
            }
        }
    }

    /** {@code dx [n, c, hw]} for {@code dg [n, c, c]}. */
    public static void backward(int n, int c, int hw, double[] x, double[] dg, double[] dx) {
        double scale = 1.0 / ((double) c * hw);
        for (int b = 0; b < n; b++) {
            int xo = b * c * hw, go = b * c * c;
            for (int i = 0; i < c; i++) {
                for (int p = 0; p < hw; p++) {
                    double s = 0;
                    for (int j = 0; j < c; j++) {
                        s += (dg[go + i * c + j] + dg[go + j * c + i]) * x[xo + j * hw + p];
                    }
                    dx[xo + i * hw + p] = s * scale;
                }
            }
        }
    }
}
