package org.lamina.ops;

import org.lamina.tensor.Tensor;

/**
 * Log-softmax over dimension 1 (the classes) of {@code [N, classes]} or {@code [N, classes, ...]}:
 * {@code y = x - max - log(sum(exp(x - max)))}, finite for logits in the hundreds.
 */
public final class LogSoftmax {
    public static final String NAME = "log_softmax";

    /** {@code y = log_softmax(x)} over dimension 1, a new tensor. */
    public Tensor forward(Tensor x) {
        Activations.requireClasses(NAME, x);
        return x.backend().activations().softmax(x, true);
    }

    /**
     * The input gradient {@code dy - exp(y) * sum_classes(dy)}.
     *
     * @param output the forward output y
     */
    public Tensor backward(Tensor output, Tensor dy) {
        return Activations.softmaxBackward(NAME, output, dy, true);
    }

    @Override
    public String toString() {
        return NAME + "(dim=1)";
    }
}
