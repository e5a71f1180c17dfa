package org.lamina.spi;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/** A named training loss over a network's output and integer class labels. */
@ConsumerType
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

    /**
     * The loss, as a one-value tensor on the output's backend, and the gradient of the output; the
     * caller owns both. The loss stays on the device so that computing it does not wait for the
     * device: a trainer queues the backward pass and the update first and reads the value later
     * ({@link Tensor#readLater()}); {@link #value()} reads it at once.
     */
    record Result(Tensor loss, Tensor gradient) implements AutoCloseable {
        public Result {
            if (loss.size() != 1) {
                throw new IllegalArgumentException("loss result: the loss must hold one value, not " + loss.shape());
            }
        }

        /** The loss value, read from the device (which waits for the work queued before). */
        public double value() {
            return loss.toArray()[0];
        }

        @Override
        public void close() {
            loss.close();
            gradient.close();
        }
    }
}
