package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL LRN kernels with the Java reference over seeded shapes and
 * parameters (odd and even sizes, windows wider than the channels, weak to strong normalization, the exponents
 * with a fast path and any other),
 * forward and backward.
 */
class LocalResponseNormDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(150, 12);

    @Test
    void openClMatchesTheJavaReference() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(20261126);
        for (int i = 0; i < CONFIGURATIONS; i++) {
            boolean manyChannels = rnd.nextInt(6) == 0; // AlexNet-like channel counts now and then
            int[] shape = {1 + rnd.nextInt(3), manyChannels ? 32 + rnd.nextInt(65) : 1 + rnd.nextInt(16),
                1 + rnd.nextInt(9), 1 + rnd.nextInt(9)};
            double[] alphas = {1e-4, 1e-3, 0.1, 0.5, 1.0, 2.0};
            // The exponents the kernel takes by square roots (0.75 is PyTorch's default) now and then
            double[] exactBetas = {0.0, 0.5, 0.75, 1.0};
            double beta = rnd.nextInt(3) == 0 ? exactBetas[rnd.nextInt(exactBetas.length)]
                    : 0.25 + 1.5 * rnd.nextDouble();
            LocalResponseNormParams p = new LocalResponseNormParams(1 + rnd.nextInt(manyChannels ? 11 : 8),
                    alphas[rnd.nextInt(alphas.length)], beta, 0.5 + 2.5 * rnd.nextDouble());
            LocalResponseNorm op = new LocalResponseNorm(p);
            float[] x = gaussian(rnd, size(shape));
            float[] dy = gaussian(rnd, size(shape));
            String what = Arrays.toString(shape) + " " + p;
            float[][] ref = run(java, op, shape, x, dy);
            float[][] got = run(cl, op, shape, x, dy);
            close("output " + what, ref[0], got[0]);
            close("grad_input " + what, ref[1], got[1]);
        }
    }

    private static float[][] run(Backend be, LocalResponseNorm op, int[] shape, float[] x, float[] dy) {
        try (Tensor tx = be.tensor(x, shape); Tensor tdy = be.tensor(dy, shape); Tensor y = op.forward(tx);
                Tensor dx = op.backward(tx, tdy)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }
}
