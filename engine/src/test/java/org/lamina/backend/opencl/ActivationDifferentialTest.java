package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.size;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.ActivationOps.Function;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/**
 * Randomized comparison of the OpenCL activations with the Java reference: every element-wise
 * function over many shapes and parameters (inputs with exact zeros, saturating magnitudes), softmax
 * and log-softmax over [N, classes] and [N, classes, H, W] with logits up to the hundreds; forward and
 * backward.
 */
class ActivationDifferentialTest {
    static final int ELEMENTWISE_CONFIGURATIONS = TestShapes.count(150, 12);
    static final int SOFTMAX_CONFIGURATIONS = TestShapes.count(80, 8);

    @Test
    void elementwiseActivationsMatchTheJavaReference() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(2024);
        Function[] functions = Function.values();
        for (int k = 0; k < ELEMENTWISE_CONFIGURATIONS; k++) {
            Function f = functions[k % functions.length];
            int[] shape = randomShape(rnd);
            double param = f == Function.LEAKY_RELU ? rnd.nextDouble() * 0.6 - 0.1 : 0.1 + 2 * rnd.nextDouble();
            float[] x = inputs(rnd, size(shape), rnd.nextBoolean() ? 1 : 12);
            float[] dy = gaussian(rnd, size(shape));
            String what = f + " param " + param + " shape " + Arrays.toString(shape);
            float[][] ref = run(java, f, param, x, dy, shape);
            float[][] got = run(cl, f, param, x, dy, shape);
            close("forward " + what, ref[0], got[0]);
            close("backward " + what, ref[1], got[1]);
        }
    }

    @Test
    void derivativesAtExactlyZeroOnTheDevice() {
        Backend cl = TestBackends.openCl();
        try (Tensor x = cl.tensor(new float[] {0f, -0f}, 2); Tensor dy = cl.tensor(new float[] {2f, 2f}, 2)) {
            for (Function f : new Function[] {Function.RELU, Function.LEAKY_RELU, Function.ELU}) {
                try (Tensor dx = cl.activations().backward(f, x, dy, 0.25)) {
                    float expected = f == Function.RELU ? 0f : 0.5f;
                    assertArrayEquals(new float[] {expected, expected}, dx.toArray(), f.toString());
                }
            }
        }
    }

    @Test
    void theReluRulesAtExactlyZeroOnTheDevice() {
        Backend cl = TestBackends.openCl();
        try (Tensor x = cl.tensor(new float[] {0f, -0f, 0f, 1f}, 4); Tensor dy = cl.tensor(new float[] {2f, 2f, -2f, -2f}, 4);
                Tensor guided = cl.activations().backward(Function.GUIDED_RELU, x, dy, 0);
                Tensor deconv = cl.activations().backward(Function.DECONVNET_RELU, x, dy, 0)) {
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, guided.toArray(), "guided: no gradient at x == 0 or dy < 0");
            assertArrayEquals(new float[] {2f, 2f, 0f, 0f}, deconv.toArray(), "deconvnet: relu(dy) whatever x");
        }
    }

    @Test
    void softmaxAndLogSoftmaxMatchTheJavaReference() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(77);
        for (int k = 0; k < SOFTMAX_CONFIGURATIONS; k++) {
            boolean log = k % 2 == 1;
            int n = 1 + rnd.nextInt(6);
            int classes = 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 300);
            int[] shape = rnd.nextInt(3) == 0 ? new int[] {n, classes, 1 + rnd.nextInt(4), 1 + rnd.nextInt(5)}
                    : new int[] {n, classes};
            float[] x = gaussian(rnd, size(shape));
            float offset = rnd.nextBoolean() ? 0 : (float) (rnd.nextDouble() * 400 - 100);
            float spread = 1 + rnd.nextInt(10);
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * spread + offset;
            }
            float[] dy = gaussian(rnd, x.length);
            String what = (log ? "log_softmax" : "softmax") + " shape " + Arrays.toString(shape) + " offset " + offset;
            float[][] ref = runSoftmax(java, log, x, dy, shape);
            float[][] got = runSoftmax(cl, log, x, dy, shape);
            for (float v : got[0]) {
                assertTrue(Float.isFinite(v), what + " produced " + v);
            }
            // log-softmax of logits near 300 keeps float32's absolute precision there (ulp 3e-5).
            close("forward " + what, ref[0], got[0], log ? 2e-5 : 1e-5);
            close("backward " + what, ref[1], got[1], log ? 2e-5 : 1e-5);
        }
    }

    private static float[][] run(Backend b, Function f, double param, float[] x, float[] dy, int[] shape) {
        try (Tensor tx = b.tensor(x, shape); Tensor tdy = b.tensor(dy, shape);
                Tensor y = b.activations().forward(f, tx, param);
                Tensor dx = b.activations().backward(f, f.backwardFromOutput() ? y : tx, tdy, param)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }

    private static float[][] runSoftmax(Backend b, boolean log, float[] x, float[] dy, int[] shape) {
        try (Tensor tx = b.tensor(x, shape); Tensor tdy = b.tensor(dy, shape);
                Tensor y = b.activations().softmax(tx, log); Tensor dx = b.activations().softmaxBackward(y, tdy, log)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }

    /** Gaussian values times {@code scale}, with about one in ten exactly zero. */
    static float[] inputs(Random rnd, int n, float scale) {
        float[] x = gaussian(rnd, n);
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(10) == 0 ? 0f : x[i] * scale;
        }
        return x;
    }

    static float[] gaussian(Random rnd, int n) {
        return TestData.gaussian(rnd, n);
    }

    /** Rank 1 to 4, from a handful of values to tens of thousands. */
    static int[] randomShape(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> new int[] {1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 5000)};
            case 1 -> new int[] {1 + rnd.nextInt(16), 1 + rnd.nextInt(200)};
            case 2 -> new int[] {1 + rnd.nextInt(4), 1 + rnd.nextInt(6), 1 + rnd.nextInt(20)};
            default -> new int[] {1 + rnd.nextInt(4), 1 + rnd.nextInt(8), 1 + rnd.nextInt(17), 1 + rnd.nextInt(17)};
        };
    }
}
