package org.lamina.backend.java;

import java.util.stream.IntStream;
import org.lamina.backend.ActivationOps.Function;

/**
 * Activations written the way their definitions read, in double precision: the Java backend's
 * activations, and the ground truth of the gradient checks. Softmax works on {@code [outer, classes,
 * inner]} values and normalizes over {@code classes} for each (outer, inner) position.
 */
public final class ActivationReference {
    private ActivationReference() {
    }

    /** {@code y[i] = f(x[i])}; {@code param} is the leaky slope or the ELU alpha. */
    public static void forward(Function f, double param, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = value(f, param, x[i]);
        }
    }

    /** {@code f(v)}. */
    public static double value(Function f, double param, double v) {
        return switch (f) {
            case RELU, GUIDED_RELU, DECONVNET_RELU -> v <= 0 ? 0 : v; // NaN stays NaN
            case LEAKY_RELU -> v > 0 ? v : param * v;
            case ELU -> v > 0 ? v : param * Math.expm1(v);
            case SIGMOID -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
            case TANH -> Math.tanh(v);
            case RELU6 -> v <= 0 ? 0 : v >= 6 ? 6 : v; // NaN stays NaN
        };
    }

    /**
     * {@code dx[i] = dy[i] * f'}: {@code saved} is the forward output for sigmoid and tanh, the forward
     * input otherwise. At x == 0 the {@code x <= 0} branch, as PyTorch: relu 0, leaky_relu slope, elu alpha.
     */
    public static void backward(Function f, double param, double[] saved, double[] dy, double[] dx) {
        for (int i = 0; i < saved.length; i++) {
            double v = saved[i], g = dy[i];
            dx[i] = switch (f) {
                case RELU -> v <= 0 ? 0 : g;
                case LEAKY_RELU -> v > 0 ? g : g * param;
                case ELU -> v > 0 ? g : g * param * Math.exp(v);
                case SIGMOID -> g * v * (1 - v);
                case TANH -> g * (1 - v * v);
                case GUIDED_RELU -> v <= 0 || g <= 0 ? 0 : g;
                case DECONVNET_RELU -> g <= 0 ? 0 : g;
                case RELU6 -> v <= 0 || v >= 6 ? 0 : g;
            };
        }
    }

    /**
     * {@code y = exp(x - max) / sum(exp(x - max))} over the classes of each (outer, inner) position, or
     * with {@code log} {@code y = x - max - log(sum(exp(x - max)))}.
     */
    public static void softmax(int outer, int classes, int inner, double[] x, double[] y, boolean log) {
        IntStream.range(0, outer * inner).parallel().forEach(row -> {
            int base = (row / inner) * classes * inner + row % inner;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, x[base + c * inner]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(x[base + c * inner] - max);
            }
            double logSum = Math.log(sum);
            for (int c = 0; c < classes; c++) {
                int at = base + c * inner;
                y[at] = log ? x[at] - max - logSum : Math.exp(x[at] - max) / sum;
            }
        });
    }

    /**
     * The input gradient from the output {@code y}: softmax {@code y * (dy - sum(dy * y))}, log-softmax
     * {@code dy - exp(y) * sum(dy)}, sums over the classes.
     */
    public static void softmaxBackward(int outer, int classes, int inner, double[] y, double[] dy, double[] dx,
            boolean log) {
        IntStream.range(0, outer * inner).parallel().forEach(row -> {
            int base = (row / inner) * classes * inner + row % inner;
            double s = 0;
            for (int c = 0; c < classes; c++) {
                int at = base + c * inner;
                s += log ? dy[at] : dy[at] * y[at];
            }
            for (int c = 0; c < classes; c++) {
                int at = base + c * inner;
                dx[at] = log ? dy[at] - Math.exp(y[at]) * s : y[at] * (dy[at] - s);
            }
        });
    }
}
