package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.gradcheck.GradientCheck;
import org.lamina.tensor.Tensor;

/** Finite-difference checks of swish's backward rule, in double and through each implementation. */
class SwishGradientCheckTest {

    @Test
    void theReferenceDerivativeMatchesCentralDifferences() {
        double h = 1e-5;
        int checked = 0;
        for (double beta : new double[] {-0.7, 0.25, 1.0, 1.702, 3.0}) {
            for (double x = -8; x <= 8; x += 0.173) {
                double fd = (Swish.forward(x + h, beta) - Swish.forward(x - h, beta)) / (2 * h);
                assertEquals(fd, Swish.derivative(x, beta), 1e-8 * Math.max(1, Math.abs(fd)),
                        "beta " + beta + ", x " + x);
                checked++;
            }
        }
        assertTrue(checked > 400);
        assertEquals(0.5, Swish.derivative(0, 1), 1e-15, "silu'(0) = 1/2");
        assertEquals(1.0, Swish.derivative(40, 1), 1e-12, "swish is the identity far right");
        assertEquals(0.0, Swish.derivative(-40, 1), 1e-12, "and zero far left");
    }

    @Test
    void javaImplementationPassesAGradientCheck() {
        check(SwishTesting.java(), Impl.JAVA);
    }

    @Test
    void aparapiImplementationPassesAGradientCheck() {
        check(SwishTesting.java(), Impl.APARAPI);
    }

    @Test
    void openClKernelPassesAGradientCheck() {
        check(SwishTesting.openCl(), Impl.OPENCL);
    }

    /**
     * With a random output gradient g, the input gradient of {@code sum(g * swish(x))} from backward
     * must equal its central differences taken through the same implementation's float forward.
     */
    static void check(Backend b, Impl impl) {
        Random rnd = new Random(7);
        double h = 1e-2; // float32 forward: a large step keeps rounding below the truncation error
        for (double beta : new double[] {0.5, 1.0, 2.0}) {
            Swish op = new Swish(beta, impl);
            int n = 37;
            float[] x = SwishTesting.gaussian(rnd, n, 2.5);
            float[] g = SwishTesting.gaussian(rnd, n, 1);
            float[] analytic;
            try (Tensor xt = b.tensor(x, n); Tensor gt = b.tensor(g, n); Tensor dx = op.backward(xt, gt)) {
                analytic = dx.toArray();
            }
            // lamina gradcheck's check: relative error with a floor of 1 (an absolute check for small gradients)
            GradientCheck.Entry e = GradientCheck.compareFloat("swish input", x, analytic, v -> objective(b, op, v, g),
                    new GradientCheck.Settings(h, 1, 2e-3, 0, 7));
            assertEquals(n, e.checked());
            assertTrue(e.passed(2e-3), impl + " on " + b.name() + ", beta " + beta + ": " + e);
        }
    }

    private static double objective(Backend b, Swish op, float[] x, float[] g) {
        try (Tensor xt = b.tensor(x, x.length); Tensor y = op.forward(xt)) {
            float[] v = y.toArray();
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                s += (double) g[i] * v[i];
            }
            return s;
        }
    }
}
