package org.lamina.ops;

import java.util.Arrays;
import org.lamina.tensor.Tensor;

/**
 * Flattens every dimension after the first: {@code [N, C, H, W]} becomes {@code [N, C*H*W]} (C, H, W
 * order, as PyTorch's {@code flatten(1)}). Both directions are views made by {@link Tensor#reshape}:
 * nothing is copied, and the view keeps the values alive until it is closed too.
 */
public final class Flatten {
    public static final String NAME = "flatten";

    /** A {@code [N, rest]} view of {@code x}. */
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(NAME + ": input has shape " + x.shape()
                    + " but at least 2 dimensions are needed ([N, ...])");
        }
        int n = x.dim(0);
        return x.reshape(n, n == 0 ? 0 : x.size() / n);
    }

    /** The input gradient: {@code dy} ({@code [N, rest]}) viewed with the input's shape. */
    public Tensor backward(Tensor dy, int... inputShape) {
        long size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        if (inputShape.length < 2 || dy.rank() != 2 || dy.dim(0) != inputShape[0] || size != dy.size()) {
            throw new IllegalArgumentException(NAME + " backward: grad_output has shape " + dy.shape()
                    + " but flattening " + Arrays.toString(inputShape) + " gives [" + (inputShape.length > 0
                            ? inputShape[0] + ", " + (inputShape[0] == 0 ? 0 : size / inputShape[0]) : "?") + "]");
        }
        return dy.reshape(inputShape);
    }

    @Override
    public String toString() {
        return NAME + "(start_dim=1)";
    }
}
