package org.lamina.ops;

import org.lamina.tensor.Tensor;

/**
 * Softmax over dimension 1 (the classes) of {@code [N, classes]} or {@code [N, classes, ...]}:
 * {@code y = exp(x - max) / sum(exp(x - max))}. Subtracting the row maximum keeps it finite for
 * logits in the hundreds.
 */
public final class Softmax {
    public static final String NAME = "softmax";

    /** {@code y = softmax(x)} over dimension 1, a new tensor. */
    public Tensor forward(Tensor x) {
        Activations.requireClasses(NAME, x);
        return x.backend().activations().softmax(x, false);
    }

    /**
     * The input gradient {@code y * (dy - sum_classes(dy * y))}.
     *
     * @param output the forward output y
     */
    public Tensor backward(Tensor output, Tensor dy) {
        return Activations.softmaxBackward(NAME, output, dy, false);
    }

    @Override
    public String toString() {
        return NAME + "(dim=1)";
    }
}
