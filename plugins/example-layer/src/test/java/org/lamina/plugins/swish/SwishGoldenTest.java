package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.golden.GoldenCase;
import org.lamina.golden.GoldenSet;
import org.lamina.golden.TensorSpec;
import org.lamina.tensor.Tensor;

/**
 * PyTorch's numbers: the reference cases in {@code golden-swish} (Lamina's golden format, written by
 * {@code src/test/python/make_swish_golden.py}; beta 1 is {@code torch.nn.functional.silu}) through
 * every implementation on both backends.
 */
class SwishGoldenTest {

    static GoldenSet set() throws URISyntaxException {
        return GoldenSet.open(Path.of(SwishGoldenTest.class.getResource("/golden-swish/index.json").toURI()).getParent());
    }

    @Test
    void hostImplementationsReproducePyTorch() throws URISyntaxException {
        assertEquals(3, check(SwishTesting.java(), Impl.JAVA));
        check(SwishTesting.java(), Impl.APARAPI);
    }

    @Test
    void openClKernelReproducesPyTorch() throws URISyntaxException {
        check(SwishTesting.openCl(), Impl.OPENCL);
        check(SwishTesting.openCl(), Impl.APARAPI);
    }

    /** Runs every case; returns how many ran. */
    static int check(Backend b, Impl impl) throws URISyntaxException {
        int n = 0;
        for (GoldenCase c : set().cases()) {
            assertEquals("swish", c.op());
            Swish op = new Swish(c.doubleParam("beta", Double.NaN), impl);
            int[] shape = c.spec("input").shape();
            try (Tensor x = b.tensor(c.load("input"), shape); Tensor g = b.tensor(c.load("grad_out"), shape);
                    Tensor y = op.forward(x); Tensor dx = op.backward(x, g)) {
                close(c, "output", y.toArray(), impl + " on " + b.name());
                close(c, "grad_input", dx.toArray(), impl + " on " + b.name());
            }
            n++;
        }
        return n;
    }

    static void close(GoldenCase c, String tensor, float[] got, String who) {
        TensorSpec spec = c.spec(tensor);
        float[] want = c.load(tensor);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            double tol = spec.atol() + spec.rtol() * Math.abs(want[i]);
            if (Math.abs(got[i] - want[i]) > tol) {
                fail(c.name() + " " + tensor + "[" + i + "], " + who + ": " + got[i] + " but PyTorch gives " + want[i]);
            }
        }
    }
}
