package org.lamina.exec;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.lamina.tensor.Tensor;

/**
 * One forward pass that a backward pass may follow, and what that needs: the outputs, the activations
 * a backward rule reads, what layers saved. A training pass ({@link Executor#forward}) or an
 * inference-mode one ({@link Executor#inspect}). Closing it frees everything still held.
 */
public final class Pass implements AutoCloseable {
    final Map<String, Tensor> activations = new HashMap<>();
    final Map<String, Object> saved = new HashMap<>();
    final Map<String, Integer> backwardUses = new HashMap<>();
    final Set<Tensor> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
    final Map<String, Tensor> outputs = new HashMap<>();
    /** Nodes the caller asked to keep: backward does not free them either. */
    final Set<String> watched = new HashSet<>();
    final long seed;
    final boolean training;
    final int batch;
    boolean backwardDone;

    Pass(long seed, boolean training, int batch) {
        this.seed = seed;
        this.training = training;
        this.batch = batch;
    }

    /** Whether the pass ran in training mode (dropout, batch statistics) rather than inference mode. */
    public boolean training() {
        return training;
    }

    /** The output of the network named {@code name} (owned by the pass). */
    public Tensor output(String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no output named " + name + "; the outputs are " + outputs.keySet());
        }
        return t;
    }

    /** The activation of node {@code name}, when the pass was asked to watch it or still holds it. */
    public Tensor activation(String name) {
        Tensor t = activations.get(name);
        if (t == null) {
            throw new IllegalArgumentException("node " + name + " was not kept; ask for it in the pass's watch set");
        }
        return t;
    }

    void release(Tensor t) {
        if (t != null && !borrowed.contains(t)) {
            t.close();
        }
    }

    static void closeSaved(Object state) {
        if (state instanceof Tensor t) {
            t.close();
        } else if (state instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing saved state: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        for (Tensor t : activations.values()) {
            release(t);
        }
        activations.clear();
        for (Tensor t : outputs.values()) {
            release(t);
        }
        outputs.clear();
        saved.values().forEach(Pass::closeSaved);
        saved.clear();
    }
}
