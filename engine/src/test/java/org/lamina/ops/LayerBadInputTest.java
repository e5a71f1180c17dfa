package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.layers.Activation;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Every invalid argument of batch norm, the activations, the element-wise and structural ops and
 * dropout is an IllegalArgumentException naming the op, the parameter and the values.
 */
class LayerBadInputTest {
    private final Backend java = TestBackends.java();

    // ---------------------------------------------------------------- batch norm

    @Test
    void batchNormOnOneValuePerChannelInTraining() {
        Tensor x = java.zeros(1, 3, 1, 1);
        Tensor rm = java.zeros(3), rv = java.zeros(3);
        rejects(() -> new BatchNorm2d().forward(x, null, null, rm, rv, true), "batch_norm2d", "N=1", "H=1", "W=1",
                "N*H*W = 1", "variance is undefined");
        rejects(() -> new BatchNorm2d().forward(java.zeros(0, 3, 4, 4), null, null, null, null, true),
                "batch_norm2d", "N=0", "N*H*W = 0");
        // Evaluation mode is fine with it, and so is a batch of one with more than one pixel.
        try (var r = new BatchNorm2d().forward(x, null, null, rm, rv, false);
                var r2 = new BatchNorm2d().forward(java.zeros(1, 3, 2, 1), null, null, rm, rv, true)) {
            assertArrayEquals(new int[] {1, 3, 1, 1}, r.output().dims());
            assertArrayEquals(new int[] {1, 3, 2, 1}, r2.output().dims());
        }
    }

    @Test
    void batchNormParametersOfTheWrongShape() {
        Tensor x = java.zeros(2, 3, 4, 4);
        Tensor c3 = java.zeros(3), c4 = java.zeros(4);
        rejects(() -> new BatchNorm2d().forward(x, c4, c3, c3, c3, true), "batch_norm2d", "weight (gamma)", "[4]",
                "[3]");
        rejects(() -> new BatchNorm2d().forward(x, c3, c4, c3, c3, true), "batch_norm2d", "bias (beta)", "[4]", "[3]");
        rejects(() -> new BatchNorm2d().forward(x, c3, c3, c4, c3, true), "batch_norm2d", "running_mean", "[4]");
        rejects(() -> new BatchNorm2d().forward(x, c3, c3, c3, java.zeros(3, 1), false), "batch_norm2d",
                "running_var", "[3, 1]", "[3]");
        rejects(() -> new BatchNorm2d().forward(x, c3, null, c3, c3, true), "batch_norm2d", "weight (gamma) is given",
                "bias (beta) is null");
        rejects(() -> new BatchNorm2d().forward(x, c3, c3, c3, null, true), "batch_norm2d", "running_mean is given",
                "running_var is null");
        rejects(() -> new BatchNorm2d().forward(x, c3, c3, null, null, false), "batch_norm2d", "evaluation mode",
                "running_mean");
        rejects(() -> new BatchNorm2d().forward(java.zeros(2, 3, 4), c3, c3, c3, c3, true), "batch_norm2d", "input",
                "[2, 3, 4]", "4 dimensions");
        try (var r = new BatchNorm2d().forward(x, c3, c3, c3, c3, true)) {
            rejects(() -> new BatchNorm2d().backward(x, c3, c3, r, java.zeros(2, 3, 4, 5), true), "batch_norm2d",
                    "grad_output", "[2, 3, 4, 5]", "[2, 3, 4, 4]");
        }
    }

    @Test
    void batchNormEpsAndMomentumOutOfRange() {
        rejects(() -> new BatchNorm2d(0, 0.1), "batch_norm2d", "eps 0.0", "positive");
        rejects(() -> new BatchNorm2d(-1e-5, 0.1), "batch_norm2d", "eps -1.0E-5");
        rejects(() -> new BatchNorm2d(Double.NaN, 0.1), "batch_norm2d", "eps NaN");
        rejects(() -> new BatchNorm2d(1e-5, 1.5), "batch_norm2d", "momentum 1.5", "[0, 1]");
        rejects(() -> new BatchNorm2d(1e-5, -0.1), "batch_norm2d", "momentum -0.1", "[0, 1]");
        rejects(() -> new BatchNorm2d(1e-5, Double.NaN), "batch_norm2d", "momentum NaN");
        assertEquals(1.0, new BatchNorm2d(1e-3, 1.0).momentum());
        assertEquals(0.0, new BatchNorm2d(1e-3, 0.0).momentum());
    }

    // ---------------------------------------------------------------- activations

    @Test
    void activationParametersAndGradientShapes() {
        rejects(() -> new LeakyReLU(Double.NaN), "leaky_relu", "negative_slope NaN", "finite");
        rejects(() -> new ELU(Double.POSITIVE_INFINITY), "elu", "alpha Infinity", "finite");
        // one check for the op classes and the graph's activations alike
        rejects(() -> new ELU(-1), "elu", "alpha -1.0", "positive");
        rejects(() -> Activation.elu(0), "elu", "alpha 0.0", "positive");
        rejects(() -> new LeakyReLU(-0.1), "leaky_relu", "negative_slope -0.1", ">= 0");
        rejects(() -> Activation.leakyRelu(Double.NaN), "leaky_relu", "negative_slope NaN", "finite");
        Tensor x = java.zeros(2, 5);
        rejects(() -> new ReLU().backward(x, java.zeros(2, 4)), "relu", "grad_output", "[2, 4]", "[2, 5]");
        rejects(() -> new Sigmoid().backward(x, java.zeros(10)), "sigmoid", "grad_output", "[10]", "[2, 5]");
        rejects(() -> new Softmax().forward(java.zeros(7)), "softmax", "[7]", "dimension 1", "at least 2");
        rejects(() -> new LogSoftmax().forward(java.zeros(7)), "log_softmax", "[7]");
        rejects(() -> new LogSoftmax().backward(x, java.zeros(5, 2)), "log_softmax", "grad_output", "[5, 2]",
                "[2, 5]");
    }

    // ---------------------------------------------------------------- element-wise and structural

    @Test
    void addAccumulateScaleAndFill() {
        Tensor a = java.zeros(2, 3);
        rejects(() -> new Add().forward(a, java.zeros(3, 2)), "add", "b", "[3, 2]", "[2, 3]");
        rejects(() -> Add.accumulate(a, java.zeros(6)), "accumulate", "source", "[6]", "[2, 3]");
        rejects(() -> Add.accumulate(a, a, Double.NaN), "accumulate", "alpha NaN");
        rejects(() -> new Scale(Double.NEGATIVE_INFINITY), "scale", "factor -Infinity");
        rejects(() -> Fill.apply(a, Double.NaN), "fill", "NaN");
    }

    @Test
    void concatAndSplitShapes() {
        Concat concat = new Concat();
        rejects(() -> concat.forward(List.of()), "concat", "no inputs");
        rejects(() -> concat.forward(List.of(java.zeros(2, 3, 4, 4), java.zeros(2, 1, 4, 5))), "concat", "input 1",
                "[2, 1, 4, 5]", "[2, *, 4, 4]");
        rejects(() -> concat.forward(List.of(java.zeros(2, 3, 4, 4), java.zeros(3, 3, 4, 4))), "concat", "input 1",
                "[3, 3, 4, 4]");
        rejects(() -> concat.forward(List.of(java.zeros(2, 3, 4, 4), java.zeros(2, 3, 16))), "concat", "input 1",
                "[2, 3, 16]");
        rejects(() -> concat.forward(List.of(java.zeros(6))), "concat", "input 0", "[6]", "at least 2");
        rejects(() -> concat.backward(java.zeros(2, 6, 3, 3), 2, 3), "concat backward", "[2, 3]", "sum to 5",
                "6 channels");
        rejects(() -> concat.backward(java.zeros(2, 6, 3, 3), 7, -1), "concat backward", "[7, -1]", "negative");
    }

    @Test
    void flattenShapes() {
        rejects(() -> new Flatten().forward(java.zeros(12)), "flatten", "[12]", "at least 2");
        rejects(() -> new Flatten().backward(java.zeros(2, 12), 2, 3, 2, 3), "flatten backward", "[2, 12]",
                "[2, 3, 2, 3]", "[2, 18]");
    }

    @Test
    void tensorsOnDifferentDevices() {
        Backend cl = TestBackends.openCl();
        try (Tensor x = cl.zeros(2, 3, 4, 4); Tensor c = cl.zeros(3)) {
            rejects(() -> new BatchNorm2d().forward(x, java.zeros(3), c, c, c, true), "batch_norm2d", "weight (gamma)",
                    "host", "opencl", "different devices");
            rejects(() -> new Add().forward(x, java.zeros(2, 3, 4, 4)), "add", "b", "host", "opencl");
            rejects(() -> new Concat().forward(List.of(x, java.zeros(2, 3, 4, 4))), "concat", "input 1", "host");
            rejects(() -> new ReLU().backward(x, java.zeros(2, 3, 4, 4)), "relu", "grad_output", "host");
            rejects(() -> Add.accumulate(x, java.zeros(2, 3, 4, 4)), "accumulate", "source", "host");
        }
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutProbabilityOutsideZeroToOne() {
        rejects(() -> new Dropout(1.0), "dropout", "p 1.0", "[0, 1)", "1/(1-p) = 1/0");
        rejects(() -> new Dropout(1.5), "dropout", "p 1.5", "[0, 1)");
        rejects(() -> new Dropout(-0.1), "dropout", "p -0.1", "[0, 1)");
        rejects(() -> new Dropout(Double.NaN), "dropout", "p NaN", "[0, 1)");
        assertEquals(0.0, new Dropout(0).p());
    }
}
