package org.lamina.plugins.optimizers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * Per-parameter state tensors of an optimizer (momentum buffers, moment estimates), made on first
 * use on the parameter's backend, named {@code <parameter>.<kind>} with PyTorch's names for the
 * kinds ({@code exp_avg}, {@code square_avg}, ...), for checkpoints.
 *
 * <p>The state also holds {@code <optimizer>.step}, the number of steps taken, which tells whose
 * state a checkpoint holds: {@link #restore} refuses state written by another optimizer (or by
 * this one with options that keep other kinds), since reading Adam's moments as RMSprop's square
 * average, say, would silently train with nonsense.
 */
final class StateBuffers implements AutoCloseable {
    private final String optimizer;
    private final Set<String> kinds;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private long steps;
    private Tensor marker;

    /**
     * @param optimizer the optimizer's name, for messages and the step marker
     * @param kinds the kinds of state it keeps with its options
     */
    StateBuffers(String optimizer, Set<String> kinds) {
        this.optimizer = optimizer;
        this.kinds = Set.copyOf(kinds);
    }

    /** The state {@code kind} of parameter {@code p}, zeros the first time. */
    Tensor get(Updater.Param p, String kind) {
        return get(p, kind, 0);
    }

    /**
     * The state {@code kind} of parameter {@code p}, filled with {@code initial} the first time.
     *
     * @throws IllegalArgumentException when a restored buffer does not have the parameter's shape
     */
    Tensor get(Updater.Param p, String kind, float initial) {
        if (!kinds.contains(kind)) {
            throw new IllegalStateException(optimizer + " declared no state kind " + kind);
        }
        String key = p.name() + "." + kind;
        Tensor t = buffers.get(key);
        if (t != null && !Arrays.equals(t.dims(), p.value().dims())) {
            throw new IllegalArgumentException(optimizer + ": saved state " + key + " has shape " + t.shape()
                    + " but the parameter has " + p.value().shape());
        }
        if (t == null) {
            float[] values = new float[p.value().size()];
            Arrays.fill(values, initial);
            t = p.value().backend().tensor(values, p.value().dims());
            buffers.put(key, t);
        }
        return t;
    }

    /** Counts a step, for the marker. */
    void stepped() {
        steps++;
    }

    /**
     * The buffers and the step marker; empty before the first step. The tensors stay this object's; the
     * marker is valid until the next call.
     */
    Map<String, Tensor> all() {
        if (buffers.isEmpty() && steps == 0) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>(buffers);
        if (!buffers.isEmpty()) {
            if (marker != null) {
                marker.close();
            }
            marker = buffers.values().iterator().next().backend().tensor(new float[] {steps}, 1);
            out.put(markerKey(optimizer), marker);
        }
        return Collections.unmodifiableMap(out);
    }

    static String markerKey(String optimizer) {
        return optimizer + ".step";
    }

    /**
     * Replaces the state with copies of {@code saved}.
     *
     * @throws IllegalArgumentException when {@code saved} holds another optimizer's marker or a kind of
     *     state this optimizer does not keep with its options; nothing is replaced then
     */
    void restore(Map<String, Tensor> saved) {
        String mine = markerKey(optimizer);
        // Another optimizer's mark first: it names the culprit better than any of its kinds would.
        for (String key : saved.keySet()) {
            int dot = key.indexOf('.');
            if (!key.equals(mine) && key.endsWith(".step") && dot == key.lastIndexOf('.')) {
                String other = key.substring(0, dot);
                throw new IllegalArgumentException(optimizer + ": the saved optimizer state is " + other + "'s, not "
                        + optimizer + "'s; resume with " + other + " or start afresh");
            }
        }
        for (String key : saved.keySet()) {
            String kind = key.substring(key.lastIndexOf('.') + 1);
            if (!key.equals(mine) && !kinds.contains(kind)) {
                throw new IllegalArgumentException(optimizer + ": saved state " + key + " is not state of " + optimizer
                        + " with these options (it keeps " + new TreeSet<>(kinds) + " per parameter); the checkpoint"
                        + " was written by another optimizer or with other options");
            }
        }
        close();
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            Tensor t = e.getValue();
            if (e.getKey().equals(mine)) {
                steps = (long) t.toArray()[0];
            } else {
                buffers.put(e.getKey(), t.backend().tensor(t.toArray(), t.dims()));
            }
        }
    }

    @Override
    public void close() {
        buffers.values().forEach(Tensor::close);
        buffers.clear();
        if (marker != null) {
            marker.close();
            marker = null;
        }
        steps = 0;
    }
}
