package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.loss.LossKernels;
import org.lamina.ops.MseLoss;
import org.lamina.ops.MultiMarginLoss;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL losses with the Java reference: batch sizes, class counts below
 * and above the work-group size (so rows are split across work-items), logits in the hundreds, margins,
 * and tensors of any rank and of more values than the MSE kernel has work-items; loss and gradients.
 */
class LossDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(120, 16);
    /** Work-items of the largest MSE launch (256 groups of 64 by default); more values take several passes. */
    static final int MSE_LAUNCH_ITEMS = 256 * 64;

    @Test
    void crossEntropyMatchesTheJavaReference() {
        Random rnd = new Random(101);
        int wide = 0, large = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            int n = 1 + rnd.nextInt(i % 8 == 0 ? TestShapes.count(200, 40) : 20);
            int c = 1 + rnd.nextInt(i % 3 == 0 ? TestShapes.count(1100, 200) : 40);
            float scale = rnd.nextBoolean() ? 1 : 10, offset = rnd.nextInt(3) == 0 ? 80 + rnd.nextInt(100) : 0;
            wide += c > 64 ? 1 : 0;
            large += offset > 0 ? 1 : 0;
            float[] x = gaussian(rnd, n * c);
            for (int j = 0; j < x.length; j++) {
                x[j] = x[j] * scale + offset;
            }
            float[] y = labels(rnd, n, c);
            compare("cross_entropy " + n + "x" + c + " offset " + offset, be -> {
                Tensor logits = be.tensor(x, n, c), labels = be.tensor(y, n);
                try (logits; labels) {
                    return new SoftmaxCrossEntropy().forward(logits, labels);
                }
            });
        }
        assertTrue(wide >= TestShapes.count(20, 1) && large >= TestShapes.count(20, 1), "coverage: classes > 64 " + wide + ", logits in the hundreds " + large);
    }

    @Test
    void multiMarginMatchesTheJavaReference() {
        Random rnd = new Random(202);
        for (int i = 0; i < CONFIGURATIONS; i++) {
            int n = 1 + rnd.nextInt(i % 8 == 0 ? 150 : 20), c = 1 + rnd.nextInt(i % 3 == 0 ? 700 : 30);
            float margin = new float[] {1f, 1f, 0.5f, 2f, 0f}[rnd.nextInt(5)];
            float[] x = gaussian(rnd, n * c);
            float[] y = labels(rnd, n, c);
            compare("multi_margin_loss " + n + "x" + c + " margin " + margin, be -> {
                Tensor logits = be.tensor(x, n, c), labels = be.tensor(y, n);
                try (logits; labels) {
                    return new MultiMarginLoss(margin).forward(logits, labels);
                }
            });
        }
    }

    @Test
    void mseMatchesTheJavaReference() {
        Random rnd = new Random(303);
        int beyondOneGroupPerValue = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            int rank = 1 + rnd.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + rnd.nextInt(i % 10 == 0 ? TestShapes.count(60, 28) : 9);
            }
            int count = size(shape);
            beyondOneGroupPerValue += count > MSE_LAUNCH_ITEMS ? 1 : 0;
            float[] x = gaussian(rnd, count), t = gaussian(rnd, count);
            compare("mse_loss " + Arrays.toString(shape), be -> {
                Tensor input = be.tensor(x, shape), target = be.tensor(t, shape);
                try (input; target) {
                    return new MseLoss().forward(input, target);
                }
            });
        }
        assertTrue(beyondOneGroupPerValue >= TestShapes.count(3, 1), "tensors larger than the MSE launch: " + beyondOneGroupPerValue);
    }

    @Test
    void otherWorkGroupSizesGiveTheSameLosses() {
        OpenClBackend cl = TestBackends.openCl();
        Random rnd = new Random(404);
        for (int wg : new int[] {1, 2, 16}) {
            LossKernels kernels = new LossKernels(cl.context(), new LossKernels.Tuning(wg));
            for (int trial = 0; trial < TestShapes.count(8, 2); trial++) {
                int n = 1 + rnd.nextInt(20), c = 1 + rnd.nextInt(70);
                float[] x = gaussian(rnd, n * c), y = labels(rnd, n, c);
                try (LossOps.Result ce = TestBackends.java().losses().softmaxCrossEntropy(
                        TestBackends.java().tensor(x, n, c), TestBackends.java().tensor(y, n));
                        LossOps.Result mm = TestBackends.java().losses().multiMargin(
                                TestBackends.java().tensor(x, n, c), TestBackends.java().tensor(y, n), 1f);
                        LossOps.Result se = TestBackends.java().losses().mse(TestBackends.java().tensor(x, n, c),
                                TestBackends.java().tensor(reversed(x), n, c));
                        Buffer bx = cl.context().upload(x); Buffer by = cl.context().upload(y);
                        Buffer bt = cl.context().upload(reversed(x)); Buffer g = cl.context().allocate(n * c);
                        Buffer g2 = cl.context().allocate(n * c); Buffer loss = cl.context().allocate(1)) {
                    String what = "work-group " + wg + ", " + n + "x" + c;
                    kernels.softmaxCrossEntropy(n, c, bx, by, g, loss);
                    close("cross_entropy loss " + what, ce.loss().toArray(), cl.context().read(loss));
                    close("cross_entropy grad " + what, ce.gradInput().toArray(), cl.context().read(g));
                    kernels.multiMargin(n, c, 1f, bx, by, g, loss);
                    close("multi_margin loss " + what, mm.loss().toArray(), cl.context().read(loss));
                    close("multi_margin grad " + what, mm.gradInput().toArray(), cl.context().read(g));
                    kernels.mse(n * c, bx, bt, g, g2, loss);
                    close("mse loss " + what, se.loss().toArray(), cl.context().read(loss));
                    close("mse grad_input " + what, se.gradInput().toArray(), cl.context().read(g));
                    close("mse grad_target " + what, se.gradTarget().toArray(), cl.context().read(g2));
                }
            }
        }
    }

    @Test
    void anInvalidLabelGivesNaNOnTheDeviceInsteadOfReadingOutOfBounds() {
        // The ops reject such labels before launching; the kernels themselves must still stay in bounds.
        OpenClBackend cl = TestBackends.openCl();
        float[] labels = {1, 7, 1.5f, 1e10f, Float.NaN, -1};
        int n = labels.length;
        try (Tensor x = cl.tensor(gaussian(new Random(5), n * 3), n, 3); Tensor y = cl.tensor(labels, n);
                LossOps.Result ce = cl.losses().softmaxCrossEntropy(x, y);
                LossOps.Result mm = cl.losses().multiMargin(x, y, 1f)) {
            for (LossOps.Result r : new LossOps.Result[] {ce, mm}) {
                assertTrue(Float.isNaN(r.loss().toArray()[0]));
                float[] g = r.gradInput().toArray();
                for (int j = 0; j < 3; j++) {
                    assertFalse(Float.isNaN(g[j]), "the valid row stays finite");
                }
                for (int i = 3; i < g.length; i++) {
                    assertTrue(Float.isNaN(g[i]), "rows with invalid labels are NaN, at " + i);
                }
            }
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
            close(what + " grad_input", ref.gradInput().toArray(), got.gradInput().toArray());
            if (ref.gradTarget() != null) {
                close(what + " grad_target", ref.gradTarget().toArray(), got.gradTarget().toArray());
            }
        }
    }

    private static float[] labels(Random rnd, int n, int c) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(c);
        }
        return y;
    }

    private static float[] reversed(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
