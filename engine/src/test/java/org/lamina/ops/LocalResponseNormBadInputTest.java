package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Every invalid LRN argument is an IllegalArgumentException naming the op, the parameter and the value. */
class LocalResponseNormBadInputTest {
    private final Backend java = TestBackends.java();

    @Test
    void aSizeBelowOne() {
        rejects(() -> new LocalResponseNorm(0, 1e-4, 0.75, 1), "local_response_norm", "size", "at least 1", "is 0");
        rejects(() -> new LocalResponseNorm(-3, 1e-4, 0.75, 1), "local_response_norm", "size", "-3");
    }

    @Test
    void negativeOrNonFiniteParameters() {
        rejects(() -> new LocalResponseNorm(5, -1e-4, 0.75, 1), "local_response_norm", "alpha", "-1.0E-4");
        rejects(() -> new LocalResponseNorm(5, 1e-4, -0.75, 1), "local_response_norm", "beta", "-0.75");
        rejects(() -> new LocalResponseNorm(5, 1e-4, 0.75, -2), "local_response_norm", "k", "-2.0");
        rejects(() -> new LocalResponseNorm(5, Double.NaN, 0.75, 1), "local_response_norm", "alpha", "NaN");
        rejects(() -> new LocalResponseNorm(5, 1e-4, Double.POSITIVE_INFINITY, 1), "local_response_norm", "beta",
                "Infinity");
        rejects(() -> new LocalResponseNorm(5, 1e-4, 0.75, Double.NEGATIVE_INFINITY), "local_response_norm", "k",
                "-Infinity");
    }

    @Test
    void theWrongRankOrAnEmptyInput() {
        LocalResponseNorm lrn = new LocalResponseNorm(5, 1e-4, 0.75, 2);
        rejects(() -> lrn.forward(java.zeros(2, 7)), "local_response_norm", "4 dimensions", "[2, 7]");
        rejects(() -> lrn.backward(java.zeros(2, 7, 3), java.zeros(2, 7, 3)), "local_response_norm", "4 dimensions",
                "[2, 7, 3]");
        rejects(() -> lrn.forward(java.zeros(2, 0, 3, 3)), "local_response_norm", "[2, 0, 3, 3]", "below 1");
    }

    @Test
    void aGradientOfTheWrongShapeOrDevice() {
        LocalResponseNorm lrn = new LocalResponseNorm(5, 1e-4, 0.75, 2);
        Tensor x = java.zeros(1, 4, 3, 3);
        rejects(() -> lrn.backward(x, java.zeros(1, 4, 3, 2)), "local_response_norm", "grad_output", "[1, 4, 3, 2]",
                "[1, 4, 3, 3]");
        Backend cl = TestBackends.openCl();
        try (Tensor dy = cl.zeros(1, 4, 3, 3)) {
            rejects(() -> lrn.backward(x, dy), "local_response_norm", "grad_output", "opencl", "different devices");
        }
    }
}
