package org.lamina.spi;

import java.util.List;
import java.util.Map;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One optimizer's state over a training run: per-parameter buffers (momentum, moments) that it
 * creates on first use on the parameters' backend, updates in place, and hands to checkpoints.
 */
@ConsumerType
public interface Updater extends AutoCloseable {

    /** A parameter to update: its name, its value and its gradient (both on one backend). */
    record Param(String name, Tensor value, Tensor gradient, boolean regularized) {
    }

    /**
     * Updates every parameter in place with learning rate {@code learningRate}; {@code step} counts
     * from 1.
     */
    void step(List<Param> params, double learningRate, int step);

    /** The state to checkpoint, by name ({@code conv1.weight.momentum}, ...); empty before the first step. */
    Map<String, Tensor> state();

    /**
     * Restores state saved from {@link #state()}; tensors are copied, the caller keeps {@code saved}.
     *
     * @throws IllegalArgumentException when a name or shape does not fit
     */
    void restore(Map<String, Tensor> saved);

    /** Frees the state buffers. */
    @Override
    void close();
}
