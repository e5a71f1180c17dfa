package org.lamina.optim;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Hyper-parameters out of range and update tensors that do not fit are IllegalArgumentExceptions
 * naming the optimizer, the parameter and the value.
 */
class OptimizerBadInputTest {
    private final Backend java = TestBackends.java();

    @Test
    void learningRatesThatAreNotPositive() {
        rejects(() -> SgdParams.of(0), "sgd", "learning rate (lr) 0.0", "positive");
        rejects(() -> SgdParams.of(-0.1), "sgd", "learning rate (lr) -0.1");
        rejects(() -> AdamParams.adam(Double.NaN), "adam", "learning rate (lr) NaN");
        rejects(() -> AdamParams.adamW(-1), "adamw", "learning rate (lr) -1.0");
        rejects(() -> RmspropParams.of(Double.POSITIVE_INFINITY), "rmsprop", "learning rate (lr) Infinity");
        rejects(() -> AdagradParams.of(0), "adagrad", "learning rate (lr) 0.0");
        rejects(() -> new CaffeSgdParams(-0.01, 0.9, 0.0005), "sgd (caffe)", "learning rate (lr) -0.01");
    }

    @Test
    void betasOutsideTheUnitInterval() {
        rejects(() -> AdamParams.adam(0.001).withBetas(1.0, 0.999), "adam", "beta1 1.0", "outside [0, 1)");
        rejects(() -> AdamParams.adam(0.001).withBetas(0.9, -0.1), "adam", "beta2 -0.1", "outside [0, 1)");
        rejects(() -> AdamParams.adamW(0.001).withBetas(0.9, 1.5), "adamw", "beta2 1.5");
        rejects(() -> new RmspropParams(0.01, 1.0, 1e-8, 0, 0), "rmsprop", "alpha 1.0", "outside [0, 1)");
    }

    @Test
    void epsilonsThatAreNotPositive() {
        rejects(() -> AdamParams.adam(0.001).withEps(0), "adam", "eps 0.0", "positive");
        rejects(() -> new RmspropParams(0.01, 0.99, -1e-8, 0, 0), "rmsprop", "eps -1.0E-8");
        rejects(() -> new AdagradParams(0.01, 0, 0, 0), "adagrad", "eps 0.0");
    }

    @Test
    void negativeMomentumDampeningAndDecay() {
        rejects(() -> SgdParams.of(0.1).withMomentum(-0.9), "sgd", "momentum -0.9");
        rejects(() -> SgdParams.of(0.1).withDampening(1.5), "sgd", "dampening 1.5", "[0, 1]");
        rejects(() -> SgdParams.of(0.1).withWeightDecay(-5e-4), "sgd", "weight_decay -5.0E-4");
        rejects(() -> AdamParams.adam(0.001).withWeightDecay(-0.01), "adam", "weight_decay -0.01");
        rejects(() -> RmspropParams.of(0.01).withMomentum(-1), "rmsprop", "momentum -1.0");
        rejects(() -> new AdagradParams(0.01, -0.1, 0, 1e-10), "adagrad", "lr_decay -0.1");
        rejects(() -> new CaffeSgdParams(0.01, -0.9, 0.0005), "sgd (caffe)", "momentum -0.9");
    }

    @Test
    void nesterovWithoutMomentumOrWithDampening() {
        rejects(() -> SgdParams.of(0.1).withNesterov(true), "sgd", "nesterov", "momentum 0.0");
        rejects(() -> new SgdParams(0.1, 0.9, 0.1, 0, true), "sgd", "nesterov", "dampening 0.1");
    }

    @Test
    void tensorsThatDoNotFitTheParameter() {
        Tensor p = java.zeros(3, 4);
        rejects(() -> java.optimizers().sgd(p, java.zeros(12), null, SgdParams.of(0.1), 1), "sgd", "grad", "[12]",
                "[3, 4]");
        rejects(() -> java.optimizers().adam(p, java.zeros(3, 4), java.zeros(3, 4), java.zeros(4, 3),
                AdamParams.adam(0.001), 1), "adam", "exp_avg_sq", "[4, 3]", "[3, 4]");
        rejects(() -> java.optimizers().sgd(p, java.zeros(3, 4), null, SgdParams.of(0.1).withMomentum(0.9), 1), "sgd",
                "momentum_buffer is missing");
        rejects(() -> java.optimizers().rmsprop(p, java.zeros(3, 4), null, null, RmspropParams.of(0.01)), "rmsprop",
                "square_avg is missing");
        rejects(() -> java.optimizers().adagrad(p, java.zeros(3, 4), java.zeros(3, 4), AdagradParams.of(0.01), 0),
                "adagrad", "step 0", "below 1");
    }

    @Test
    void tensorsThatDoNotFitTheParameterOnTheDevice() {
        Backend cl = TestBackends.openCl();
        try (Tensor p = cl.zeros(5); Tensor g = cl.zeros(5); Tensor small = cl.zeros(4)) {
            rejects(() -> cl.optimizers().adam(p, g, small, small, AdamParams.adamW(0.001), 1), "adamw", "exp_avg",
                    "[4]", "[5]");
            rejects(() -> cl.optimizers().sgdCaffe(p, g, java.zeros(5), CaffeSgdParams.alexNet(0.01)), "sgd (caffe)",
                    "velocity", "host", "different devices");
            rejects(() -> cl.optimizers().sgd(p, g, null, SgdParams.of(0.1), -3), "sgd", "step -3");
        }
    }
}
