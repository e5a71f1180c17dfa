package org.lamina.backend.java;

import java.util.stream.IntStream;

/**
 * Batch normalization written the way PyTorch defines it, in double precision, over
 * {@code [n, channels, inner]} values (inner = H * W): the Java backend's batch normalization and
 * the ground truth of the gradient checks. {@code gamma} and {@code beta} may be null (1 and 0).
 */
public final class BatchNormReference {
    private BatchNormReference() {
    }

    /** The mean and the biased variance (divided by {@code n * inner}) of each channel, two passes. */
    public static void batchStats(int n, int channels, int inner, double[] x, double[] mean, double[] biasedVar) {
        int count = n * inner;
        IntStream.range(0, channels).parallel().forEach(c -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int j = 0; j < inner; j++) {
                    s += x[base + j];
                }
            }
            double m = s / count;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int j = 0; j < inner; j++) {
                    double d = x[base + j] - m;
                    ss += d * d;
                }
            }
            mean[c] = m;
            biasedVar[c] = ss / count;
        });
    }

    /** {@code invStd[c] = 1 / sqrt(var[c] + eps)}. */
    public static void inverseStd(double[] var, double eps, double[] invStd) {
        for (int c = 0; c < var.length; c++) {
            invStd[c] = 1 / Math.sqrt(var[c] + eps);
        }
    }

    /**
     * In place: {@code runningMean = (1 - momentum) runningMean + momentum mean} and
     * {@code runningVar = (1 - momentum) runningVar + momentum biasedVar * count / (count - 1)}
     * (the unbiased variance, as PyTorch); {@code count = N * H * W} must exceed 1.
     */
    public static void updateRunning(int count, double momentum, double[] mean, double[] biasedVar,
            double[] runningMean, double[] runningVar) {
        for (int c = 0; c < mean.length; c++) {
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
            runningVar[c] = (1 - momentum) * runningVar[c] + momentum * biasedVar[c] * count / (count - 1);
        }
    }

    /** {@code y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c]}. */
    public static void normalize(int n, int channels, int inner, double[] x, double[] mean, double[] invStd,
            double[] gamma, double[] beta, double[] y) {
        IntStream.range(0, n * channels).parallel().forEach(nc -> {
            int c = nc % channels, base = nc * inner;
            double scale = invStd[c] * (gamma == null ? 1 : gamma[c]);
            double shift = beta == null ? 0 : beta[c];
            for (int j = 0; j < inner; j++) {
                y[base + j] = (x[base + j] - mean[c]) * scale + shift;
            }
        });
    }

    /**
     * Gradients for upstream gradient {@code dy}: {@code dbeta = sum(dy)},
     * {@code dgamma = sum(dy * xhat)} with {@code xhat = (x - mean) * invStd}, and, when {@code dx}
     * is not null, in training
     * {@code dx = gamma invStd (dy - dbeta / count - xhat dgamma / count)} (the batch statistics
     * depend on x), in evaluation {@code dx = gamma invStd dy}. {@code dgamma}, {@code dbeta} must be
     * given even without gamma and beta (training needs them).
     */
    public static void backward(int n, int channels, int inner, double[] x, double[] dy, double[] gamma,
            double[] mean, double[] invStd, boolean training, double[] dx, double[] dgamma, double[] dbeta) {
        int count = n * inner;
        IntStream.range(0, channels).parallel().forEach(c -> {
            double s = 0, sx = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int j = 0; j < inner; j++) {
                    s += dy[base + j];
                    sx += dy[base + j] * (x[base + j] - mean[c]);
                }
            }
            dbeta[c] = s;
            dgamma[c] = sx * invStd[c];
            if (dx == null) {
                return;
            }
            double scale = invStd[c] * (gamma == null ? 1 : gamma[c]);
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int j = 0; j < inner; j++) {
                    int at = base + j;
                    if (training) {
                        double xhat = (x[at] - mean[c]) * invStd[c];
                        dx[at] = scale * (dy[at] - dbeta[c] / count - xhat * dgamma[c] / count);
                    } else {
                        dx[at] = scale * dy[at];
                    }
                }
            }
        });
    }
}
