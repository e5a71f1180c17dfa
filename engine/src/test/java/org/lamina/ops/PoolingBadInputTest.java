package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.PoolParams;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Every invalid pooling argument is an IllegalArgumentException naming the op, the parameter and the values. */
class PoolingBadInputTest {
    private final Backend java = TestBackends.java();

    @Test
    void aWindowLargerThanThePaddedInput() {
        Tensor x = java.zeros(1, 2, 3, 3);
        rejects(() -> new MaxPool2d(PoolParams.kernel(4)).forward(x), "max_pool2d", "kernel_size (4, 4)",
                "padded input 3 x 3", "padding (0, 0)");
        // PyTorch would make one clipped window in ceil mode; Lamina refuses it all the same.
        rejects(() -> new MaxPool2d(PoolParams.kernel(4).stride(2).ceilMode(true)).forward(x), "max_pool2d",
                "kernel_size (4, 4)", "padded input 3 x 3");
        rejects(() -> new AvgPool2d(PoolParams.kernel(6, 3).padding(1)).forward(x), "avg_pool2d", "kernel_size (6, 3)",
                "padded input 5 x 5", "padding (1, 1)");
        rejects(() -> new AvgPool2d(PoolParams.kernel(2, 5).padding(0, 0), false).forward(java.zeros(1, 1, 4, 4)),
                "avg_pool2d", "kernel_size (2, 5)", "4 x 4");
        // Exactly the padded input is fine: one window.
        try (Tensor y = new MaxPool2d(PoolParams.kernel(5).padding(1)).forward(x).output()) {
            assertArrayEquals(new int[] {1, 2, 1, 1}, y.dims());
        }
    }

    @Test
    void paddingLargerThanHalfTheKernel() {
        Tensor x = java.zeros(1, 1, 8, 8);
        rejects(() -> new MaxPool2d(PoolParams.kernel(3).padding(2)).forward(x), "max_pool2d", "padding (2, 2)",
                "half of kernel_size (3, 3)");
        rejects(() -> new AvgPool2d(PoolParams.kernel(4, 2).padding(2, 2)).forward(x), "avg_pool2d", "padding (2, 2)",
                "kernel_size (4, 2)", "(2, 1)");
    }

    @Test
    void strideKernelAndPaddingOutOfRange() {
        Tensor x = java.zeros(1, 1, 6, 6);
        rejects(() -> new MaxPool2d(PoolParams.kernel(2).stride(0)).forward(x), "max_pool2d", "stride", "(0, 0)");
        rejects(() -> new AvgPool2d(PoolParams.kernel(2).stride(1, -1)).forward(x), "avg_pool2d", "stride", "(1, -1)");
        rejects(() -> new MaxPool2d(PoolParams.kernel(0, 2)).forward(x), "max_pool2d", "kernel_size", "(0, 2)");
        rejects(() -> new AvgPool2d(PoolParams.kernel(3).padding(-1, 0)).forward(x), "avg_pool2d", "padding",
                "not be negative", "(-1, 0)");
    }

    @Test
    void theWrongRank() {
        rejects(() -> new MaxPool2d(PoolParams.kernel(2)).forward(java.zeros(3, 6, 6)), "max_pool2d", "4 dimensions",
                "[3, 6, 6]");
        rejects(() -> new AvgPool2d(PoolParams.kernel(2)).forward(java.zeros(1, 1, 1, 6, 6)), "avg_pool2d",
                "4 dimensions", "[1, 1, 1, 6, 6]");
        rejects(() -> AdaptiveAvgPool2d.global().forward(java.zeros(6, 6)), "adaptive_avg_pool2d", "4 dimensions",
                "[6, 6]");
    }

    @Test
    void anEmptyInputOrOutput() {
        rejects(() -> new AdaptiveAvgPool2d(0, 2).forward(java.zeros(1, 1, 4, 4)), "adaptive_avg_pool2d",
                "output_size (0, 2)", "empty");
        rejects(() -> new AdaptiveAvgPool2d(3, -1).forward(java.zeros(1, 1, 4, 4)), "output_size (3, -1)");
        rejects(() -> new MaxPool2d(PoolParams.kernel(2)).forward(java.zeros(1, 0, 4, 4)), "max_pool2d",
                "[1, 0, 4, 4]", "below 1");
        rejects(() -> new AvgPool2d(PoolParams.kernel(1)).forward(java.zeros(1, 2, 4, 0)), "avg_pool2d",
                "[1, 2, 4, 0]", "below 1");
    }

    @Test
    void gradientsAndIndicesOfTheWrongShape() {
        Tensor x = java.zeros(1, 2, 6, 6);
        MaxPool2d max = new MaxPool2d(PoolParams.kernel(2));
        try (MaxPoolResult r = max.forward(x)) {
            rejects(() -> max.backward(x, r.indices(), java.zeros(1, 2, 6, 6)), "max_pool2d", "grad_output",
                    "[1, 2, 6, 6]", "[1, 2, 3, 3]");
            rejects(() -> max.backward(x, java.zeros(1, 2, 2, 3), r.output()), "max_pool2d", "indices",
                    "[1, 2, 2, 3]", "[1, 2, 3, 3]");
        }
        rejects(() -> new AvgPool2d(PoolParams.kernel(3).stride(2)).backward(x, java.zeros(1, 2, 3, 3)), "avg_pool2d",
                "grad_output", "[1, 2, 3, 3]", "[1, 2, 2, 2]");
        rejects(() -> new AdaptiveAvgPool2d(2, 4).backward(x, java.zeros(1, 2, 4, 2)), "adaptive_avg_pool2d",
                "grad_output", "[1, 2, 4, 2]", "[1, 2, 2, 4]");
    }

    @Test
    void indicesThatNameNoInput() {
        Tensor x = java.zeros(1, 1, 4, 4);
        MaxPool2d max = new MaxPool2d(PoolParams.kernel(2));
        Tensor dy = java.zeros(1, 1, 2, 2);
        rejects(() -> max.backward(x, java.tensor(new float[] {0, 1, 16, 3}, 1, 1, 2, 2), dy), "max_pool2d backward",
                "indices[2] = 16", "4 x 4");
        rejects(() -> max.backward(x, java.tensor(new float[] {0, 1.5f, 2, 3}, 1, 1, 2, 2), dy), "max_pool2d backward",
                "indices[1] = 1.5", "not an integer");
    }

    @Test
    void tensorsOnDifferentDevices() {
        Backend cl = TestBackends.openCl();
        Tensor x = java.zeros(1, 1, 4, 4);
        try (Tensor dy = cl.zeros(1, 1, 2, 2)) {
            rejects(() -> new AvgPool2d(PoolParams.kernel(2)).backward(x, dy), "avg_pool2d", "grad_output", "host",
                    "opencl", "different devices");
            rejects(() -> AdaptiveAvgPool2d.global().backward(x, cl.zeros(1, 1, 1, 1)), "adaptive_avg_pool2d",
                    "grad_output", "opencl");
            MaxPool2d max = new MaxPool2d(PoolParams.kernel(2));
            try (MaxPoolResult r = max.forward(x)) {
                rejects(() -> max.backward(x, r.indices(), dy), "max_pool2d", "grad_output", "opencl");
                rejects(() -> max.backward(x, dy, r.output()), "max_pool2d", "indices", "opencl");
            }
        }
    }
}
