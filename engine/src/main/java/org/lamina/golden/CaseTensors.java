package org.lamina.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;

/**
 * The tensors one case puts on a backend, and the results it reads back; closing it frees every
 * tensor it made or was handed.
 */
final class CaseTensors implements AutoCloseable {
    private final GoldenCase c;
    private final Backend backend;
    private final List<Tensor> owned = new ArrayList<>();
    private final Map<String, float[]> results = new LinkedHashMap<>();

    CaseTensors(GoldenCase c, Backend backend) {
        this.c = c;
        this.backend = backend;
    }

    /** The case's tensor {@code name} on the backend. */
    Tensor load(String name) {
        return keep(backend.tensor(c.load(name), c.spec(name).shape()));
    }

    /** The tensor {@code name} when the case has it, else null. */
    Tensor loadIfPresent(String name) {
        return c.has(name) ? load(name) : null;
    }

    /** Takes ownership of {@code t} (null is allowed) and returns it. */
    Tensor keep(Tensor t) {
        if (t != null) {
            owned.add(t);
        }
        return t;
    }

    /** Records {@code t} as the result {@code name} (when not null) and takes ownership of it. */
    void result(String name, Tensor t) {
        if (t != null) {
            keep(t);
            results.put(name, t.toArray());
        }
    }

    Map<String, float[]> results() {
        return results;
    }

    @Override
    public void close() {
        for (Tensor t : owned) {
            t.close();
        }
    }
}
