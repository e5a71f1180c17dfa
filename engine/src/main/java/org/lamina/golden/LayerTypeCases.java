package org.lamina.golden;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.spi.LayerType;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/**
 * Runs the cases of a plugin's layer type (the case's {@code op} is the type's name), so that
 * {@code lamina verify} checks plugin layers as it checks Lamina's own ops. The case's {@code params}
 * are the layer's options; its tensors are {@code input}, one per parameter the layer declares (by the
 * parameter's name), and optionally {@code grad_out}. Results: {@code output}, and with
 * {@code grad_out} the backward pass in training mode: {@code grad_input} and {@code grad_<param>}.
 */
final class LayerTypeCases implements CaseRunner {
    private final LayerType type;

    LayerTypeCases(LayerType type) {
        this.type = type;
    }

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.params().entrySet()) {
            options.put(e.getKey(), e.getValue().getAsString());
        }
        Layer layer = type.create(Options.of(options));
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Context ctx = new Context(backend, c.name(), c.has("grad_out"));
            for (ParamSpec p : layer.parameters(List.of(x.dims()))) {
                if (!c.has(p.name())) {
                    throw new IllegalArgumentException(c.name() + ": layer type " + type.name()
                            + " has a parameter '" + p.name() + "' that the case does not give");
                }
                ctx.params.put(p.name(), t.load(p.name()));
            }
            try {
                Tensor y = t.keep(layer.forward(ctx, List.of(x)));
                t.result("output", y);
                if (ctx.training) {
                    List<Tensor> grads = layer.backward(ctx, List.of(x), y, t.load("grad_out"));
                    t.result("grad_input", grads.isEmpty() ? null : grads.get(0));
                    for (int i = 1; i < grads.size(); i++) {
                        t.keep(grads.get(i));
                    }
                    ctx.gradients.forEach((name, g) -> t.result("grad_" + name, g));
                }
            } finally {
                ctx.closeSaved();
            }
            return t.results();
        }
    }

    /** One node's view for a standalone layer: its parameters, gradients and saved state. */
    private static final class Context implements LayerContext {
        final Backend backend;
        final String node;
        final boolean training;
        final Map<String, Tensor> params = new HashMap<>();
        final Map<String, Tensor> gradients = new LinkedHashMap<>();
        final List<Object> saved = new ArrayList<>();

        Context(Backend backend, String node, boolean training) {
            this.backend = backend;
            this.node = node;
            this.training = training;
        }

        @Override
        public Backend backend() {
            return backend;
        }

        @Override
        public boolean training() {
            return training;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public Tensor param(String name) {
            Tensor p = params.get(name);
            if (p == null) {
                throw new IllegalArgumentException(node + ": no parameter '" + name + "'");
            }
            return p;
        }

        @Override
        public void gradient(String name, Tensor grad) {
            Tensor old = gradients.put(name, grad);
            if (old != null) {
                old.close();
            }
        }

        @Override
        public boolean needsInputGradient(int i) {
            return true;
        }

        @Override
        public void save(Object state) {
            saved.add(state);
        }

        @Override
        public <T> T saved(Class<T> kind) {
            for (Object s : saved) {
                if (kind.isInstance(s)) {
                    return kind.cast(s);
                }
            }
            return null;
        }

        @Override
        public long seed() {
            return 0;
        }

        void closeSaved() {
            for (Object s : saved) {
                if (s instanceof AutoCloseable a) {
                    try {
                        a.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(node + ": closing saved state: " + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
