package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.ClContext;
import org.lamina.tensor.Tensor;

/** Stopping the plugin releases its programs in open contexts and its Aparapi kernels; starting it again works. */
class SwishReleaseTest {

    static long swishPrograms(ClContext c) {
        return c.programs().stream().filter(p -> p.source().hash().equals(SwishKernels.SOURCE.hash())).count();
    }

    @Test
    void stopReleasesTheProgramsAndRefusesWorkUntilStarted() {
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
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> new Swish(1, Impl.OPENCL).forward(x));
                assertTrue(e.getMessage().contains("stopped or removed"), e.getMessage());
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
