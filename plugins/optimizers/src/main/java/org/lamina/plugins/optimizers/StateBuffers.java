package org.lamina.plugins.optimizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * Per-parameter state tensors of an optimizer (momentum buffers, moment estimates), made on first
 * use as zeros on the parameter's backend, named {@code <parameter>.<kind>} for checkpoints.
 */
final class StateBuffers implements AutoCloseable {
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    /** The state {@code kind} of parameter {@code p}, zeros the first time. */
    Tensor get(Updater.Param p, String kind) {
        return buffers.computeIfAbsent(p.name() + "." + kind, k -> p.value().backend().zeros(p.value().dims()));
    }

    Map<String, Tensor> all() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** Replaces the state with copies of {@code saved}, checking each shape against what it replaces. */
    void restore(String optimizer, Map<String, Tensor> saved) {
        close();
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            Tensor t = e.getValue();
            buffers.put(e.getKey(), t.backend().tensor(t.toArray(), t.dims()));
        }
    }

    /** Checks that a restored buffer fits its parameter. */
    void check(String optimizer, Updater.Param p, String kind) {
        Tensor t = buffers.get(p.name() + "." + kind);
        if (t != null && !Arrays.equals(t.dims(), p.value().dims())) {
            throw new IllegalArgumentException(optimizer + ": saved state " + p.name() + "." + kind + " has shape "
                    + t.shape() + " but the parameter has " + p.value().shape());
        }
    }

    @Override
    public void close() {
        buffers.values().forEach(Tensor::close);
        buffers.clear();
    }
}
