package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL batch normalization with the Java reference over many shapes,
 * eps and momentum values, training and evaluation, with and without gamma and beta: output, saved
 * statistics, running statistics after the call, and the gradients of input, gamma and beta.
 */
class BatchNormDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(100, 12);

    record Config(int n, int c, int h, int w, boolean training, boolean affine, boolean running, double eps,
            double momentum, float mean, float spread) {
        int[] shape() {
            return new int[] {n, c, h, w};
        }
    }

    record Result(float[] y, float[] mean, float[] invStd, float[] runningMean, float[] runningVar, float[] dx,
            float[] dgamma, float[] dbeta) {
    }

    @Test
    void openClMatchesTheJavaReference() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(31337);
        int training = 0, large = 0;
        for (int k = 0; k < CONFIGURATIONS; k++) {
            boolean big = k % 10 == 0; // now and then more values per channel than a work-group has items
            Config c = new Config(1 + rnd.nextInt(big ? 8 : 4), 1 + rnd.nextInt(big ? 4 : 9), 1 + rnd.nextInt(big ? 40 : 9),
                    1 + rnd.nextInt(big ? 40 : 9), rnd.nextInt(3) != 0, rnd.nextInt(4) != 0, rnd.nextInt(4) != 0,
                    rnd.nextBoolean() ? 1e-5 : Math.pow(10, -1 - 5 * rnd.nextDouble()), rnd.nextDouble(),
                    (float) (rnd.nextGaussian() * 5), (float) Math.exp(rnd.nextGaussian()));
            if (c.training() && c.n() * c.h() * c.w() == 1) {
                continue; // rejected by BatchNorm2d (see the bad-input tests)
            }
            training += c.training() ? 1 : 0;
            large += c.n() * c.h() * c.w() > 256 ? 1 : 0;
            int size = size(c.shape());
            float[] x = gaussian(rnd, size);
            for (int i = 0; i < size; i++) {
                x[i] = x[i] * c.spread() + c.mean() + 0.5f * ((i / (c.h() * c.w())) % c.c()); // per-channel shift
            }
            float[] gamma = gaussian(rnd, c.c()), beta = gaussian(rnd, c.c());
            float[] rm = gaussian(rnd, c.c()), rv = new float[c.c()];
            for (int i = 0; i < rv.length; i++) {
                rv[i] = 0.2f + rnd.nextFloat() * 3;
            }
            float[] dy = gaussian(rnd, size);
            Result ref = run(java, c, x, gamma, beta, rm, rv, dy);
            Result got = run(cl, c, x, gamma, beta, rm, rv, dy);
            String what = c.toString();
            close("output " + what, ref.y(), got.y(), 2e-5);
            close("mean " + what, ref.mean(), got.mean());
            close("inverse std " + what, ref.invStd(), got.invStd());
            if (c.running() || !c.training()) {
                close("running_mean " + what, ref.runningMean(), got.runningMean());
                close("running_var " + what, ref.runningVar(), got.runningVar());
            }
            close("grad_input " + what, ref.dx(), got.dx(), 5e-5);
            if (c.affine()) {
                close("grad_weight " + what, ref.dgamma(), got.dgamma(), 2e-5);
                close("grad_bias " + what, ref.dbeta(), got.dbeta(), 2e-5);
            } else {
                assertNull(got.dgamma(), what);
                assertNull(got.dbeta(), what);
            }
        }
        assertTrue(training >= TestShapes.count(40, 4) && large >= TestShapes.count(5, 1), "coverage: training " + training + ", large " + large);
    }

    @Test
    void evaluationLeavesTheRunningStatisticsAloneAndTrainingUpdatesThem() {
        for (Backend b : new Backend[] {TestBackends.openCl(), TestBackends.java()}) {
            Random rnd = new Random(3);
            float[] rm = {0.5f, -1f}, rv = {2f, 0.25f};
            try (Tensor x = b.tensor(gaussian(rnd, 2 * 2 * 3 * 3), 2, 2, 3, 3); Tensor m = b.tensor(rm, 2);
                    Tensor v = b.tensor(rv, 2)) {
                try (BatchNorm2d.Result r = new BatchNorm2d().forward(x, null, null, m, v, false)) {
                    assertArrayEquals(rm, m.toArray(), b.name());
                    assertArrayEquals(rv, v.toArray(), b.name());
                    assertArrayEquals(rm, r.mean().toArray(), b.name());
                }
                try (BatchNorm2d.Result r = new BatchNorm2d(1e-5, 0.0).forward(x, null, null, m, v, true)) {
                    assertArrayEquals(rm, m.toArray(), "momentum 0 on " + b.name());
                }
                try (BatchNorm2d.Result r = new BatchNorm2d(1e-5, 1.0).forward(x, null, null, m, v, true)) {
                    float[] mean = r.mean().toArray();
                    assertArrayEquals(mean, m.toArray(), 1e-6f, "momentum 1 on " + b.name());
                }
            }
        }
    }

    @Test
    void batchStatisticsStayAccurateInFloat32ForLongChannelsFarFromZero() {
        // 65536 values per channel around 1000 with spread 1: the one-pass sum of squares would lose
        // every digit of the variance in float32; the mean is 1000 + O(1e-2).
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(17);
        int[] shape = {4, 2, 128, 128};
        float[] x = gaussian(rnd, size(shape));
        for (int i = 0; i < x.length; i++) {
            x[i] += 1000f;
        }
        try (Tensor xc = cl.tensor(x, shape); Tensor xj = java.tensor(x, shape);
                BatchNorm2d.Result rc = new BatchNorm2d().forward(xc, null, null, null, null, true);
                BatchNorm2d.Result rj = new BatchNorm2d().forward(xj, null, null, null, null, true)) {
            float[] meanC = rc.mean().toArray(), meanJ = rj.mean().toArray();
            float[] isC = rc.invStd().toArray(), isJ = rj.invStd().toArray();
            for (int c = 0; c < 2; c++) {
                assertEquals(meanJ[c], meanC[c], 1e-4, "mean of channel " + c);
                assertEquals(isJ[c], isC[c], 1e-4 * isJ[c], "inverse std of channel " + c);
            }
            close("output", rj.output().toArray(), rc.output().toArray(), 1e-4);
        }
    }

    private static Result run(Backend b, Config c, float[] x, float[] gamma, float[] beta, float[] rm, float[] rv,
            float[] dy) {
        BatchNorm2d bn = new BatchNorm2d(c.eps(), c.momentum());
        boolean withRunning = c.running() || !c.training();
        try (Tensor tx = b.tensor(x, c.shape()); Tensor tg = c.affine() ? b.tensor(gamma, c.c()) : null;
                Tensor tb = c.affine() ? b.tensor(beta, c.c()) : null;
                Tensor trm = withRunning ? b.tensor(rm, c.c()) : null;
                Tensor trv = withRunning ? b.tensor(rv, c.c()) : null; Tensor tdy = b.tensor(dy, c.shape());
                BatchNorm2d.Result r = bn.forward(tx, tg, tb, trm, trv, c.training());
                Gradients g = bn.backward(tx, tg, tb, r, tdy, true)) {
            return new Result(r.output().toArray(), r.mean().toArray(), r.invStd().toArray(),
                    trm == null ? null : trm.toArray(), trv == null ? null : trv.toArray(), g.input().toArray(),
                    g.weight() == null ? null : g.weight().toArray(), g.bias() == null ? null : g.bias().toArray());
        }
    }
}
