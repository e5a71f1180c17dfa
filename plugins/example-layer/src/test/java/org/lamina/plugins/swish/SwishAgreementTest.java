package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;

/**
 * Randomized differential tests: the plugin's OpenCL kernel, its Aparapi kernels and the Java
 * reference give the same forward values and input gradients on random shapes, betas and values,
 * on both backends.
 */
class SwishAgreementTest {
    static final int CASES = 40;

    @Test
    void aparapiAgreesWithJavaOnTheJavaBackend() {
        Random rnd = new Random(11);
        for (int c = 0; c < CASES; c++) {
            compare(rnd, c, SwishTesting.java(), Impl.APARAPI, SwishTesting.java(), Impl.JAVA);
        }
        assertFalse(AparapiSwish.lastDevice().isEmpty());
        System.out.println("Aparapi ran on " + AparapiSwish.lastDevice());
    }

    @Test
    void openClAgreesWithJavaAndAparapi() {
        Backend cl = SwishTesting.openCl();
        Random rnd = new Random(12);
        for (int c = 0; c < CASES; c++) {
            long state = rnd.nextLong();
            compare(new Random(state), c, cl, Impl.OPENCL, SwishTesting.java(), Impl.JAVA);
            compare(new Random(state), c, cl, Impl.OPENCL, SwishTesting.java(), Impl.APARAPI);
            compare(new Random(state), c, cl, Impl.AUTO, cl, Impl.APARAPI); // Aparapi over the OpenCL backend's tensors
            compare(new Random(state), c, cl, Impl.AUTO, cl, Impl.JAVA);
        }
    }

    @Test
    void autoIsTheKernelOnOpenClAndTheReferenceOnJava() {
        Backend cl = SwishTesting.openCl();
        assertEquals(Impl.OPENCL, Impl.AUTO.on(cl.deviceAccess()));
        assertEquals(Impl.JAVA, Impl.AUTO.on(SwishTesting.java().deviceAccess()));
        assertEquals(Impl.APARAPI, Impl.APARAPI.on(cl.deviceAccess()));
    }

    /** One random case through (backend a, impl a) and (backend b, impl b): forward and backward agree. */
    static void compare(Random rnd, int c, Backend ba, Impl ia, Backend bb, Impl ib) {
        int[] shape = SwishTesting.shape(rnd, 6000);
        int n = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
        double beta = 0.1 + 2.9 * rnd.nextDouble();
        float[] x = SwishTesting.gaussian(rnd, n, 4);
        float[] g = SwishTesting.gaussian(rnd, n, 1);
        float[][] ra = run(ba, ia, beta, x, g, shape), rb = run(bb, ib, beta, x, g, shape);
        String what = "case " + c + " " + Arrays.toString(shape) + " beta " + beta + ": " + ia + " on " + ba.name()
                + " vs " + ib + " on " + bb.name();
        close(ra[0], rb[0], what + ", forward");
        close(ra[1], rb[1], what + ", backward");
    }

    static float[][] run(Backend b, Impl impl, double beta, float[] x, float[] g, int[] shape) {
        Swish op = new Swish(beta, impl);
        try (Tensor xt = b.tensor(x, shape); Tensor gt = b.tensor(g, shape); Tensor y = op.forward(xt);
                Tensor dx = op.backward(xt, gt)) {
            assertArrayEquals(shape, y.dims());
            assertArrayEquals(shape, dx.dims());
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }

    static void close(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            float tol = 2e-6f + 2e-6f * Math.abs(b[i]);
            if (Math.abs(a[i] - b[i]) > tol) {
                fail(what + ": element " + i + " is " + a[i] + " and " + b[i]);
            }
        }
    }
}
