package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.ClContext;
import org.lamina.tensor.Tensor;

/**
 * Stopping the plugin releases its programs in open contexts and its Aparapi kernels; its layers then
 * compute on the host without building them again; started again, it uses its kernels again.
 */
class SwishReleaseTest {

    static long swishPrograms(ClContext c) {
        return c.programs().stream().filter(p -> p.source().hash().equals(SwishKernels.SOURCE.hash())).count();
    }

    @Test
    void stopReleasesTheProgramsAndTheLayersFallBackToJavaUntilStarted() {
        Backend cl = SwishTesting.openCl();
        ClContext context = ((OpenClAccess) cl.deviceAccess()).context();
        try (Tensor x = cl.tensor(new float[] {-1, 0, 1}, 3)) {
            try (Tensor y = new Swish(1, Impl.OPENCL).forward(x); Tensor z = new Swish(1, Impl.APARAPI).forward(x)) {
                assertArrayEquals(y.toArray(), z.toArray(), 1e-6f);
            }
            assertEquals(1, swishPrograms(context));
            int others = context.programs().size() - 1;
            try {
                SwishPlugin.stop();
                assertEquals(0, swishPrograms(context), "the plugin's program is released");
                assertEquals(others, context.programs().size() - swishPrograms(context), "nothing else is");
                assertEquals("", AparapiSwish.lastDevice(), "the Aparapi kernels are disposed");
                for (Impl impl : new Impl[] {Impl.OPENCL, Impl.APARAPI, Impl.AUTO}) {
                    Swish op = new Swish(1, impl);
                    try (Tensor y = op.forward(x); Tensor g = cl.tensor(new float[] {1, 1, 1}, 3);
                            Tensor dx = op.backward(x, g)) {
                        assertArrayEquals(new float[] {-0.26894142f, 0, 0.7310586f}, y.toArray(), 1e-6f, impl.toString());
                        assertArrayEquals(new float[] {0.07232949f, 0.5f, 0.9276705f}, dx.toArray(), 1e-6f,
                                impl.toString());
                    }
                }
                assertEquals(0, swishPrograms(context), "no program is built again after the release");
                assertEquals("", AparapiSwish.lastDevice(), "nor an Aparapi kernel");
            } finally {
                SwishPlugin.started();
            }
            try (Tensor y = new Swish(1, Impl.OPENCL).forward(x)) {
                assertEquals(0.7310586f, y.toArray()[2], 1e-6f);
            }
            assertEquals(1, swishPrograms(context));
        }
    }
}
