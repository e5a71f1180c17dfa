package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lamina.backend.Backend;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/** Bad options and arguments fail with messages that name the layer, the setting and the value. */
class SwishBadInputTest {

    static void rejects(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "'" + ex.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void badOptions() {
        SwishLayerType type = new SwishLayerType();
        rejects(() -> type.create(Options.parse("impl=cuda")), "swish", "impl", "cuda", "aparapi");
        rejects(() -> type.create(Options.parse("beta=NaN")), "swish", "beta", "NaN");
        rejects(() -> type.create(Options.parse("beta=big")), "beta", "big");
        rejects(() -> type.create(Options.parse("alpha=1")), "swish", "alpha", "beta", "impl");
        rejects(() -> new LeNet5Swish().build(new int[] {1, 28, 28}, 10, Options.parse("variant=tanh")),
                "lenet5-swish", "variant");
        rejects(() -> new LeNet5Swish().build(new int[] {1, 4, 4}, 10, Options.empty()), "lenet5-swish", "5x5", "[1, 4, 4]");
        assertEquals("swish", type.create(Options.parse("beta=2,impl=java")).type());
    }

    @Test
    void theKernelNeedsTheOpenClBackend() {
        Backend java = SwishTesting.java();
        try (Tensor x = java.tensor(new float[] {1, 2}, 2)) {
            rejects(() -> new Swish(1, Impl.OPENCL).forward(x), "swish", "impl=opencl", "OpenCL backend", "host");
        }
    }

    @Test
    void gradientOfAnotherShapeOrBackend() {
        Backend java = SwishTesting.java();
        try (Tensor x = java.tensor(new float[] {1, 2, 3, 4}, 4); Tensor g = java.tensor(new float[] {1, 2}, 2)) {
            rejects(() -> new Swish(1, Impl.JAVA).backward(x, g), "swish", "output gradient", "[2]", "[4]");
        }
        Backend cl = SwishTesting.openCl();
        try (Tensor x = cl.tensor(new float[] {1, 2}, 2); Tensor g = java.tensor(new float[] {1, 2}, 2)) {
            rejects(() -> new Swish(1, Impl.OPENCL).backward(x, g), "swish", "output gradient", "host");
            rejects(() -> new Swish(1, Impl.JAVA).backward(x, g), "swish", "output gradient", "host");
        }
    }
}
