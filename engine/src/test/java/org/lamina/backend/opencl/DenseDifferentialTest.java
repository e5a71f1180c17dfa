package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.opencl.dense.DenseKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.ops.Gradients;
import org.lamina.ops.Linear;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL dense layer with the Java reference: batch, input and output
 * features (mostly not multiples of the GEMM tile, some in the hundreds), with and without bias;
 * forward and every gradient. Also the bias gradient under other tunings, and an empty batch.
 */
class DenseDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(220, 16);

    record Config(int n, int in, int out, boolean bias) {
    }

    @Test
    void openClMatchesTheJavaReference() {
        OpenClBackend cl = TestBackends.openCl();
        JavaBackend java = TestBackends.java();
        Random rnd = new Random(20261124);
        int withBias = 0, large = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            boolean big = i % 10 == 0;
            Config c = new Config(1 + rnd.nextInt(big ? 70 : 17), 1 + rnd.nextInt(big ? 300 : 40),
                    1 + rnd.nextInt(big ? 130 : 30), rnd.nextInt(4) != 0);
            withBias += c.bias() ? 1 : 0;
            large += big ? 1 : 0;
            float[] x = gaussian(rnd, c.n() * c.in()), w = gaussian(rnd, c.out() * c.in());
            float[] b = gaussian(rnd, c.out()), dy = gaussian(rnd, c.n() * c.out());
            Result ref = run(java, c, x, w, b, dy);
            Result got = run(cl, c, x, w, b, dy);
            close("output " + c, ref.y, got.y);
            close("grad_input " + c, ref.dx, got.dx);
            close("grad_weight " + c, ref.dw, got.dw);
            if (c.bias()) {
                close("grad_bias " + c, ref.db, got.db);
            }
        }
        assertTrue(withBias > CONFIGURATIONS / 2 && large >= TestShapes.count(20, 1), "coverage: bias " + withBias + ", large " + large);
    }

    @Test
    void theBiasGradientIsTheSameUnderOtherTunings() {
        OpenClBackend cl = TestBackends.openCl();
        Random rnd = new Random(11);
        int wg = DenseKernels.Tuning.SPEC.defaults(cl.context().device()).workGroup();
        for (int cols : new int[] {2, 3, 8}) {
            DenseKernels kernels = new DenseKernels(cl.context(), new GemmKernels(cl.context()),
                    new DenseKernels.Tuning(cols, wg));
            for (int trial = 0; trial < 10; trial++) {
                int n = 1 + rnd.nextInt(30), out = 1 + rnd.nextInt(50);
                float[] dy = gaussian(rnd, n * out);
                try (Tensor tdy = cl.tensor(dy, n, out); Tensor db = cl.zeros(out);
                        Tensor expected = TestBackends.java().dense().backwardBias(TestBackends.java().tensor(dy, n, out))) {
                    kernels.biasGrad(n, out, OpenClBackend.buffer(tdy), OpenClBackend.buffer(db));
                    close("bias gradient, " + cols + " columns per item, " + n + "x" + out, expected.toArray(),
                            db.toArray());
                }
            }
        }
    }

    @Test
    void anEmptyBatchGivesEmptyOutputsAndZeroParameterGradients() {
        for (Backend be : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            Linear linear = new Linear(3, 2);
            try (Tensor x = be.zeros(0, 3); Tensor w = be.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                    Tensor b = be.tensor(new float[] {1, 1}, 2); Tensor dy = be.zeros(0, 2);
                    Tensor y = linear.forward(x, w, b); Gradients g = linear.backward(x, w, b, dy, true)) {
                assertArrayEquals(new int[] {0, 2}, y.dims(), be.name());
                assertArrayEquals(new int[] {0, 3}, g.input().dims(), be.name());
                assertArrayEquals(new float[6], g.weight().toArray(), be.name());
                assertArrayEquals(new float[2], g.bias().toArray(), be.name());
            }
        }
    }

    record Result(float[] y, float[] dx, float[] dw, float[] db) {
    }

    private static Result run(Backend be, Config c, float[] x, float[] w, float[] b, float[] dy) {
        Linear linear = new Linear(c.in(), c.out());
        try (Tensor tx = be.tensor(x, c.n(), c.in()); Tensor tw = be.tensor(w, c.out(), c.in());
                Tensor tb = c.bias() ? be.tensor(b, c.out()) : null; Tensor tdy = be.tensor(dy, c.n(), c.out());
                Tensor y = linear.forward(tx, tw, tb); Gradients g = linear.backward(tx, tw, tb, tdy, true)) {
            return new Result(y.toArray(), g.input().toArray(), g.weight().toArray(),
                    g.bias() != null ? g.bias().toArray() : null);
        }
    }
}
