package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Every invalid argument of {@link Linear} is an IllegalArgumentException naming the op, the parameter and the values. */
class DenseBadInputTest {
    private final Backend java = TestBackends.java();

    @Test
    void inputAndWeightOfTheWrongRank() {
        Linear linear = new Linear(4, 3);
        rejects(() -> linear.forward(java.zeros(2, 2, 2), java.zeros(3, 4), null), "linear", "input",
                "2 dimensions", "[2, 2, 2]", "reshape");
        rejects(() -> linear.forward(java.zeros(4), java.zeros(3, 4), null), "linear", "input", "not 1");
        rejects(() -> linear.forward(java.zeros(2, 4), java.zeros(12), null), "linear", "weight", "2 dimensions",
                "[12]");
        rejects(() -> Linear.of(java.zeros(3, 4, 1)), "linear", "weight", "[3, 4, 1]");
    }

    @Test
    void inFeaturesThatDoNotMatchTheWeight() {
        Tensor w = java.zeros(7, 20);
        rejects(() -> Linear.of(w).forward(java.zeros(3, 13), w, null), "linear", "input [3, 13]", "13 features",
                "in_features is 20", "weight [7, 20]");
        rejects(() -> new Linear(13, 7).forward(java.zeros(3, 13), w, null), "linear", "weight", "[7, 20]",
                "[7, 13]", "in_features 13");
        rejects(() -> new Linear(20, 5).forward(java.zeros(3, 20), w, null), "linear", "weight", "[7, 20]",
                "out_features 5");
    }

    @Test
    void aBiasOfTheWrongShape() {
        Linear linear = new Linear(4, 3);
        rejects(() -> linear.forward(java.zeros(2, 4), java.zeros(3, 4), java.zeros(4)), "linear", "bias", "[4]",
                "[3]");
        rejects(() -> linear.forward(java.zeros(2, 4), java.zeros(3, 4), java.zeros(1, 3)), "linear", "bias",
                "[1, 3]");
    }

    @Test
    void featureCountsBelowOne() {
        rejects(() -> new Linear(0, 3), "linear", "in_features 0");
        rejects(() -> new Linear(3, -1), "linear", "out_features -1");
    }

    @Test
    void aGradientOfTheWrongShape() {
        Linear linear = new Linear(4, 3);
        rejects(() -> linear.backward(java.zeros(2, 4), java.zeros(3, 4), null, java.zeros(2, 4), true), "linear",
                "grad_output", "[2, 4]", "[2, 3]");
    }

    @Test
    void tensorsOnDifferentDevices() {
        Backend cl = TestBackends.openCl();
        try (Tensor w = cl.zeros(3, 4)) {
            rejects(() -> new Linear(4, 3).forward(java.zeros(2, 4), w, null), "linear", "weight", "opencl", "host",
                    "different devices");
        }
    }
}
