package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.BadInput.rejects;

import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.geometry.ConvParams;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Every invalid argument is an IllegalArgumentException naming the op, the parameter and the values. */
class ConvBadInputTest {
    private final Backend java = TestBackends.java();
    private final ConvParams d = ConvParams.defaults();

    @Test
    void channelsNotDivisibleByGroups() {
        Tensor x = java.zeros(1, 6, 5, 5);
        rejects(() -> new Conv2d(d.groups(4)).forward(x, java.zeros(8, 1, 3, 3), null), "conv2d", "in_channels 6",
                "groups 4");
        rejects(() -> new Conv2d(d.groups(2)).forward(x, java.zeros(5, 3, 3, 3), null), "conv2d", "out_channels 5",
                "groups 2");
        rejects(() -> new ConvTranspose2d(d.groups(4)).forward(x, java.zeros(6, 2, 3, 3), null), "conv_transpose2d",
                "in_channels 6", "groups 4");
    }

    @Test
    void weightChannelsThatDoNotMatchTheInput() {
        rejects(() -> new Conv2d(d).forward(java.zeros(1, 3, 5, 5), java.zeros(4, 2, 3, 3), null), "conv2d", "weight",
                "[4, 2, 3, 3]", "has 3");
        rejects(() -> new ConvTranspose2d(d).forward(java.zeros(1, 3, 5, 5), java.zeros(4, 2, 3, 3), null),
                "conv_transpose2d", "[4, 2, 3, 3]", "has 3");
        rejects(() -> new Conv2d(d).forward(java.zeros(1, 3, 5, 5), java.zeros(4, 3, 3), null), "conv2d", "weight",
                "4 dimensions");
        rejects(() -> new Conv2d(d).forward(java.zeros(3, 5, 5), java.zeros(4, 3, 3, 3), null), "conv2d", "input",
                "4 dimensions");
        rejects(() -> new Conv2d(d).forward(java.zeros(1, 3, 5, 5), java.zeros(4, 3, 3, 3), java.zeros(5)), "conv2d",
                "bias", "[5]", "[4]");
    }

    @Test
    void strideDilationAndPaddingOutOfRange() {
        Tensor x = java.zeros(1, 2, 5, 5);
        Tensor w = java.zeros(2, 2, 3, 3);
        rejects(() -> new Conv2d(d.stride(0)).forward(x, w, null), "conv2d", "stride", "(0, 0)");
        rejects(() -> new Conv2d(d.stride(1, -2)).forward(x, w, null), "conv2d", "stride", "(1, -2)");
        rejects(() -> new Conv2d(d.dilation(0, 1)).forward(x, w, null), "conv2d", "dilation", "(0, 1)");
        rejects(() -> new Conv2d(d.padding(-1)).forward(x, w, null), "conv2d", "padding", "(-1, -1)");
        rejects(() -> new ConvTranspose2d(d.stride(0)).forward(x, w, null), "conv_transpose2d", "stride");
        rejects(() -> new Conv2d(d.groups(0)).forward(x, w, null), "conv2d", "groups", "0");
    }

    @Test
    void outputPaddingNotSmallerThanStrideOrDilation() {
        Tensor x = java.zeros(1, 2, 5, 5);
        Tensor w = java.zeros(2, 2, 3, 3);
        rejects(() -> new ConvTranspose2d(d.stride(2).outputPadding(2)).forward(x, w, null), "conv_transpose2d",
                "output_padding (2, 2)", "stride (2, 2)", "dilation (1, 1)");
        rejects(() -> new ConvTranspose2d(d.outputPadding(1)).forward(x, w, null), "output_padding (1, 1)");
        // Allowed when smaller than the dilation, as in PyTorch.
        try (Tensor y = new ConvTranspose2d(d.dilation(2).outputPadding(1)).forward(x, w, null)) {
            assertArrayEquals(new int[] {1, 2, 10, 10}, y.dims());
        }
        rejects(() -> new Conv2d(d.outputPadding(1)).forward(x, w, null), "conv2d", "output_padding",
                "transposed convolution only");
    }

    @Test
    void anEmptyOutput() {
        rejects(() -> new Conv2d(d).forward(java.zeros(1, 1, 2, 2), java.zeros(1, 1, 3, 3), null), "conv2d",
                "output would be empty", "2 x 2", "3 x 3");
        rejects(() -> new Conv2d(d.dilation(3)).forward(java.zeros(1, 1, 6, 6), java.zeros(1, 1, 3, 3), null),
                "empty", "7 x 7");
        rejects(() -> new ConvTranspose2d(d.padding(3)).forward(java.zeros(1, 1, 2, 2), java.zeros(1, 1, 3, 3), null),
                "conv_transpose2d", "empty");
    }

    @Test
    void tensorsOnDifferentDevices() {
        Backend cl = TestBackends.openCl();
        try (Tensor x = cl.zeros(1, 2, 5, 5)) {
            rejects(() -> new Conv2d(d).forward(x, java.zeros(2, 2, 3, 3), null), "conv2d", "weight", "host",
                    "opencl", "different devices");
            rejects(() -> new ConvTranspose2d(d).forward(java.zeros(1, 2, 5, 5), java.zeros(2, 2, 3, 3), x),
                    "conv_transpose2d", "bias", "opencl");
        }
    }

    @Test
    void aGradientOfTheWrongShape() {
        Tensor x = java.zeros(1, 2, 5, 5);
        Tensor w = java.zeros(3, 2, 3, 3);
        rejects(() -> new Conv2d(d).backward(x, w, null, java.zeros(1, 3, 5, 5), true), "conv2d", "grad_output",
                "[1, 3, 5, 5]", "[1, 3, 3, 3]");
    }
}
