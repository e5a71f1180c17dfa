package org.lamina.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.graph.Network;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.tensor.Tensor;

/**
 * A {@link Network} with parameter values on one backend, and the gradients of the last backward
 * pass. Initial values are drawn from each parameter's initializer with a generator seeded by the
 * model's seed and the parameter's name, so they do not depend on the backend or on the order
 * parameters are created in.
 */
public final class Model implements AutoCloseable {
    private final Network network;
    private final Backend backend;
    private final Map<String, Tensor> values = new LinkedHashMap<>();
    private final Map<String, Tensor> grads = new LinkedHashMap<>();

    public Model(Network network, Backend backend, long seed) {
        this.network = network;
        this.backend = backend;
        for (Network.Param p : network.parameters()) {
            float[] v = new float[p.spec().size()];
            p.spec().init().fill(v, p.spec(), new SplittableRandom(seed ^ (long) p.name().hashCode() * 0x9E3779B97F4A7C15L));
            try {
                values.put(p.name(), backend.tensor(v, p.spec().shape()));
            } catch (AllocationTooLarge e) {
                close();
                throw e.in("parameter " + p.name() + " of " + network.name());
            }
        }
    }

    public Network network() {
        return network;
    }

    public Backend backend() {
        return backend;
    }

    /** The value of a parameter by full name ({@code conv1.weight}). */
    public Tensor param(String name) {
        Tensor t = values.get(name);
        if (t == null) {
            throw new IllegalArgumentException("model " + network.name() + " has no parameter " + name);
        }
        return t;
    }

    /** Every parameter and state buffer by full name, in network order. */
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(values);
    }

    /** The gradient of the last backward pass, or null when the parameter got none. */
    public Tensor grad(String name) {
        return grads.get(name);
    }

    /** Frees the gradients of the last step. */
    public void clearGradients() {
        grads.values().forEach(Tensor::close);
        grads.clear();
    }

    /** Adds {@code g} (taking ownership) to the gradient of {@code name}. */
    void addGradient(String name, Tensor g) {
        Tensor prior = grads.get(name);
        if (prior == null) {
            grads.put(name, g);
            return;
        }
        if (prior.sharesStorage()) {
            Tensor own = backend.elementwise().copy(prior);
            prior.close();
            grads.put(name, own);
            prior = own;
        }
        backend.elementwise().accumulate(prior, g, 1.0);
        g.close();
    }

    /** Replaces a parameter's value in place (state updates such as batch-norm running statistics). */
    void replace(String name, Tensor value) {
        Tensor old = values.put(name, value);
        if (old != null && old != value) {
            old.close();
        }
    }

    /**
     * Overwrites a parameter or state buffer with {@code values} (its shape kept): how replicas of a
     * model on several devices are kept equal.
     *
     * @throws IllegalArgumentException for an unknown name or a wrong number of values
     */
    public void assign(String name, float[] values) {
        Tensor t = param(name);
        if (values.length != t.size()) {
            throw new IllegalArgumentException("model " + network.name() + ": " + name + " holds " + t.size()
                    + " values, not " + values.length);
        }
        Tensor fresh;
        try {
            fresh = backend.tensor(values, t.dims());
        } catch (AllocationTooLarge e) {
            throw e.in("parameter " + name + " of " + network.name());
        }
        replace(name, fresh);
    }

    /** The values as host arrays with their shapes, for checkpoints. */
    public Map<String, SafeTensors.Entry> snapshot() {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, new SafeTensors.Entry(v.dims(), v.toArray())));
        return out;
    }

    /**
     * Loads values (from a checkpoint). Every parameter of the network must be there with its shape.
     *
     * @throws IllegalArgumentException listing missing, unexpected and mis-shaped names
     */
    public void load(Map<String, SafeTensors.Entry> saved, String source) {
        List<String> problems = new ArrayList<>();
        for (Network.Param p : network.parameters()) {
            SafeTensors.Entry e = saved.get(p.name());
            if (e == null) {
                problems.add("missing " + p.name() + " " + Arrays.toString(p.spec().shape()));
            } else if (!Arrays.equals(e.shape(), p.spec().shape())) {
                problems.add(p.name() + " has shape " + Arrays.toString(e.shape()) + " in the checkpoint but "
                        + Arrays.toString(p.spec().shape()) + " in " + network.name());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " does not match architecture " + network.name() + ": "
                    + String.join("; ", problems));
        }
        for (Network.Param p : network.parameters()) {
            replace(p.name(), backend.tensor(saved.get(p.name()).values(), p.spec().shape()));
        }
    }

    @Override
    public void close() {
        clearGradients();
        values.values().forEach(Tensor::close);
        values.clear();
    }
}
