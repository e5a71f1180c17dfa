package org.lamina.spi;

import org.lamina.tensor.Tensor;

/** A named training loss over a network's output and integer class labels. */
public interface Loss {

    /** The name users type, e.g. {@code cross-entropy}. */
    String name();

    default String description() {
        return "";
    }

    /**
     * The mean loss over the batch and its gradient with respect to {@code output}.
     *
     * @param output the network's output, {@code [N, classes]}
     * @param labels class indices as float32 values, {@code [N]}, on the same backend
     */
    Result evaluate(Tensor output, Tensor labels);

    /** The loss value and the gradient of the output, which the caller owns. */
    record Result(double value, Tensor gradient) implements AutoCloseable {
        @Override
        public void close() {
            gradient.close();
        }
    }
}
