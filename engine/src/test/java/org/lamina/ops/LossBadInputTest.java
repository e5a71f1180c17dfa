package org.lamina.ops;

import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Every invalid argument of the losses is an IllegalArgumentException naming the op, the parameter and
 * the values: labels outside {@code [0, classes)} or not integers, mismatched shapes, empty batches.
 */
class LossBadInputTest {
    private final Backend java = TestBackends.java();

    private static float[] values(int n) {
        return new float[n];
    }

    @Test
    void labelsOutsideTheClasses() {
        Tensor logits = java.zeros(4, 10);
        rejects(() -> new SoftmaxCrossEntropy().forward(logits, java.tensor(new float[] {0, 9, 10, 3}, 4)),
                "cross_entropy", "labels[2] = 10", "outside [0, 10)");
        rejects(() -> new SoftmaxCrossEntropy().forward(logits, java.tensor(new float[] {-1, 0, 0, 0}, 4)),
                "cross_entropy", "labels[0] = -1", "outside [0, 10)");
        rejects(() -> new MultiMarginLoss().forward(logits, java.tensor(new float[] {0, 1, 2, 42}, 4)),
                "multi_margin_loss", "labels[3] = 42", "outside [0, 10)");
    }

    @Test
    void labelsOutsideTheClassesOnTheDevice() {
        Backend cl = TestBackends.openCl();
        try (Tensor logits = cl.zeros(3, 5); Tensor labels = cl.tensor(new float[] {4, 5, 0}, 3)) {
            rejects(() -> new SoftmaxCrossEntropy().forward(logits, labels), "cross_entropy", "labels[1] = 5",
                    "outside [0, 5)");
            rejects(() -> new MultiMarginLoss().forward(logits, labels), "multi_margin_loss", "labels[1] = 5");
        }
    }

    @Test
    void labelsThatAreNotIntegers() {
        Tensor logits = java.zeros(3, 4);
        rejects(() -> new SoftmaxCrossEntropy().forward(logits, java.tensor(new float[] {0, 1.5f, 2}, 3)),
                "cross_entropy", "labels[1] = 1.5", "not an integer");
        rejects(() -> new MultiMarginLoss().forward(logits, java.tensor(new float[] {0, 1, Float.NaN}, 3)),
                "multi_margin_loss", "labels[2] = NaN", "not an integer");
    }

    @Test
    void labelsThatDoNotMatchTheLogits() {
        rejects(() -> new SoftmaxCrossEntropy().forward(java.zeros(5, 10), java.zeros(4)), "cross_entropy", "labels",
                "[4]", "[5, 10]", "[5]");
        rejects(() -> new MultiMarginLoss().forward(java.zeros(5, 10), java.zeros(5, 1)), "multi_margin_loss",
                "labels", "[5, 1]", "[5]");
        rejects(() -> new SoftmaxCrossEntropy().forward(java.zeros(10), java.zeros(1)), "cross_entropy", "logits",
                "2 dimensions", "[10]");
        rejects(() -> new MultiMarginLoss().forward(java.zeros(2, 3, 4), java.zeros(2)), "multi_margin_loss",
                "logits", "[2, 3, 4]");
    }

    @Test
    void emptyBatchesAndNoClasses() {
        rejects(() -> new SoftmaxCrossEntropy().forward(java.zeros(0, 10), java.zeros(0)), "cross_entropy",
                "logits [0, 10]", "empty batch");
        rejects(() -> new MultiMarginLoss().forward(java.zeros(0, 3), java.zeros(0)), "multi_margin_loss",
                "empty batch");
        rejects(() -> new SoftmaxCrossEntropy().forward(java.zeros(3, 0), java.zeros(3)), "cross_entropy",
                "[3, 0]", "no classes");
        rejects(() -> new MseLoss().forward(java.zeros(0, 4), java.zeros(0, 4)), "mse_loss", "input [0, 4]",
                "empty");
    }

    @Test
    void mseOfMismatchedShapes() {
        rejects(() -> new MseLoss().forward(java.zeros(4, 6), java.zeros(4, 5)), "mse_loss", "input [4, 6]",
                "target [4, 5]", "different shapes");
        rejects(() -> new MseLoss().forward(java.zeros(24), java.zeros(4, 6)), "mse_loss", "[24]", "[4, 6]");
    }

    @Test
    void aMarginThatIsNotANumber() {
        rejects(() -> new MultiMarginLoss(Float.NaN), "multi_margin_loss", "margin NaN");
        rejects(() -> new MultiMarginLoss(Float.POSITIVE_INFINITY), "multi_margin_loss", "margin Infinity");
    }

    @Test
    void tensorsOnDifferentDevices() {
        Backend cl = TestBackends.openCl();
        try (Tensor labels = cl.tensor(values(3), 3); Tensor target = cl.zeros(3, 4)) {
            rejects(() -> new SoftmaxCrossEntropy().forward(java.zeros(3, 4), labels), "cross_entropy", "labels",
                    "opencl", "different devices");
            rejects(() -> new MseLoss().forward(java.zeros(3, 4), target), "mse_loss", "target", "opencl");
        }
    }
}
