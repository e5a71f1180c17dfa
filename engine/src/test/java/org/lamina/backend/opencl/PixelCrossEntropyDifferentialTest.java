package org.lamina.backend.opencl;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.opencl.TestShapes;
import org.lamina.opencl.loss.LossKernels;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.PixelLabels;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL per-pixel cross-entropy with the Java reference: one to three
 * spatial dimensions, class counts from 1 to 40, more positions than the kernel has work-items (so
 * items take several), logits in the hundreds, positions that do not count (none, some, all); loss and
 * gradient. Labels made by {@link PixelLabels} and labels read back from the device give the same.
 */
class PixelCrossEntropyDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(80, 12);
    /** Work-items of the largest launch (256 groups of 64 by default). */
    static final int LAUNCH_ITEMS = 256 * 64;

    @Test
    void matchesTheJavaReference() {
        Random rnd = new Random(505);
        int beyondLaunch = 0, someIgnored = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            int n = 1 + rnd.nextInt(4), c = 1 + rnd.nextInt(i % 4 == 0 ? 40 : 5);
            int rank = 1 + rnd.nextInt(3);
            int[] spatial = new int[rank];
            for (int d = 0; d < rank; d++) {
                spatial[d] = 1 + rnd.nextInt(i % 8 == 0 ? TestShapes.count(120, 12) : 9);
            }
            int positions = Arrays.stream(spatial).reduce(1, (a, b) -> a * b);
            beyondLaunch += n * positions > LAUNCH_ITEMS ? 1 : 0;
            double ignored = new double[] {0, 0.2, 0.7, 1}[i % 4];
            float offset = i % 5 == 0 ? 150 : 0;
            float[] x = gaussian(rnd, n * c * positions);
            for (int j = 0; j < x.length; j++) {
                x[j] = 4 * x[j] + offset;
            }
            int[] y = new int[n * positions];
            for (int j = 0; j < y.length; j++) {
                y[j] = rnd.nextDouble() < ignored ? PixelLabels.IGNORE : rnd.nextInt(c);
            }
            someIgnored += ignored > 0 && ignored < 1 ? 1 : 0;
            int[] logitShape = new int[rank + 2], labelShape = new int[rank + 1];
            logitShape[0] = labelShape[0] = n;
            logitShape[1] = c;
            for (int d = 0; d < rank; d++) {
                logitShape[2 + d] = labelShape[1 + d] = spatial[d];
            }
            boolean known = i % 2 == 0;
            compare("pixel_cross_entropy " + Arrays.toString(logitShape) + " ignored " + ignored + " offset " + offset,
                    be -> {
                        Tensor logits = be.tensor(x, logitShape);
                        Tensor labels = known ? PixelLabels.tensor(be, y, c, labelShape)
                                : be.tensor(floats(y), labelShape);
                        try (logits; labels) {
                            return new PixelCrossEntropy().forward(logits, labels);
                        }
                    });
        }
        // the small shapes of the simulated-GPU runs stay within one launch; the pocl run (full shapes) goes beyond
        assertTrue(beyondLaunch >= TestShapes.count(3, 0), "more positions than work-items: " + beyondLaunch);
        assertTrue(someIgnored >= TestShapes.count(30, 4), "cases with some positions not counted: " + someIgnored);
    }

    @Test
    void otherWorkGroupSizesGiveTheSameLoss() {
        OpenClBackend cl = TestBackends.openCl();
        Random rnd = new Random(606);
        int n = 3, c = 4, p = 50;
        float[] x = gaussian(rnd, n * c * p);
        float[] y = new float[n * p];
        long counted = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 7 == 0 ? -1 : rnd.nextInt(c);
            counted += y[i] < 0 ? 0 : 1;
        }
        float inv = (float) (1.0 / counted);
        float[] first = null, firstGrad = null;
        for (int wg : new int[] {1, 2, 16, 64}) {
            LossKernels kernels = new LossKernels(cl.context(), new LossKernels.Tuning(wg));
            try (Tensor logits = cl.tensor(x, n, c, p); Tensor labels = cl.tensor(y, n, p);
                    Tensor grad = cl.tensor(new float[x.length], n, c, p); Tensor loss = cl.tensor(new float[1], 1)) {
                kernels.pixelCrossEntropy(n, c, p, inv, OpenClBackend.buffer(logits), OpenClBackend.buffer(labels),
                        OpenClBackend.buffer(grad), OpenClBackend.buffer(loss));
                float[] l = loss.toArray(), g = grad.toArray();
                if (first == null) {
                    first = l;
                    firstGrad = g;
                } else {
                    close("loss at work-group " + wg, first, l);
                    close("gradient at work-group " + wg, firstGrad, g);
                }
            }
        }
    }

    @Test
    void anInvalidLabelMakesTheLossNaNOnTheDevice() {
        // the op refuses such labels; the kernel, called past it, must not read out of bounds
        OpenClBackend cl = TestBackends.openCl();
        try (Tensor logits = cl.tensor(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
                Tensor labels = cl.tensor(new float[] {0, 7, 1}, 1, 3);
                LossOps.Result r = cl.losses().pixelCrossEntropy(logits, labels, 3)) {
            assertTrue(Float.isNaN(r.loss().toArray()[0]));
            float[] g = r.gradInput().toArray();
            assertTrue(Float.isNaN(g[1]) && Float.isNaN(g[4]), "the invalid position's gradient is NaN");
            assertFalse(Float.isNaN(g[0]) || Float.isNaN(g[2]), "the valid positions stay finite");
        }
    }

    private interface Run {
        LossOps.Result on(Backend be);
    }

    private static void compare(String what, Run run) {
        OpenClBackend cl = TestBackends.openCl();
        try (LossOps.Result ref = run.on(TestBackends.java()); LossOps.Result got = run.on(cl)) {
            assertArrayEquals(new int[0], got.loss().dims(), what + ": the loss is a scalar");
            close(what + " loss", ref.loss().toArray(), got.loss().toArray());
            close(what + " grad_logits", ref.gradInput().toArray(), got.gradInput().toArray());
        }
    }

    private static float[] floats(int[] y) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = y[i];
        }
        return f;
    }
}
