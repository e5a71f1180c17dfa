package org.lamina.exec;

import java.util.Map;
import java.util.function.BiConsumer;
import org.lamina.backend.Backend;
import org.lamina.graph.LayerContext;
import org.lamina.graph.Network;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/** The {@link LayerContext} of one node in one pass. */
final class NodeContext implements LayerContext {
    private final Model model;
    private final Network.NodeInfo node;
    private final boolean training;
    private final boolean[] inputGrads;
    private final Map<String, Object> saved;
    private final BiConsumer<String, Tensor> gradients;
    private final long seed;
    private final ReluRule reluRule;

    NodeContext(Model model, Network.NodeInfo node, boolean training, boolean[] inputGrads, Map<String, Object> saved,
            BiConsumer<String, Tensor> gradients, long seed) {
        this(model, node, training, inputGrads, saved, gradients, seed, ReluRule.NORMAL);
    }

    NodeContext(Model model, Network.NodeInfo node, boolean training, boolean[] inputGrads, Map<String, Object> saved,
            BiConsumer<String, Tensor> gradients, long seed, ReluRule reluRule) {
        this.model = model;
        this.node = node;
        // a frozen batch norm that keeps its statistics runs as in inference (Network.freeze)
        this.training = training && !model.network().inferenceInTraining(node.name());
        this.inputGrads = inputGrads;
        this.saved = saved;
        this.gradients = gradients;
        this.seed = seed;
        this.reluRule = reluRule;
    }

    @Override
    public ReluRule reluRule() {
        return reluRule;
    }

    @Override
    public Backend backend() {
        return model.backend();
    }

    @Override
    public boolean training() {
        return training;
    }

    @Override
    public String node() {
        return node.name();
    }

    @Override
    public Tensor param(String name) {
        return model.param(node.name() + "." + name);
    }

    @Override
    public void gradient(String name, Tensor grad) {
        if (gradients == null) {
            grad.close();
            throw new IllegalStateException("node " + node.name() + ": gradients outside a backward pass");
        }
        String full = node.name() + "." + name;
        model.param(full); // the parameter must exist
        if (model.network().frozenParameters().contains(full)) {
            grad.close(); // a frozen layer between trained ones: its input gradient was wanted, not this
            return;
        }
        gradients.accept(full, grad);
    }

    @Override
    public boolean needsInputGradient(int i) {
        return inputGrads != null && i < inputGrads.length && inputGrads[i];
    }

    @Override
    public void save(Object state) {
        if (saved == null) {
            Pass.closeSaved(state); // inference keeps nothing for backward
            return;
        }
        Object prior = saved.put(node.name(), state);
        if (prior != null && prior != state) {
            Pass.closeSaved(prior);
        }
    }

    @Override
    public <T> T saved(Class<T> type) {
        Object s = saved == null ? null : saved.get(node.name());
        if (s == null) {
            throw new IllegalStateException("node " + node.name() + " saved nothing in forward");
        }
        return type.cast(s);
    }

    @Override
    public long seed() {
        long z = seed + 0x9E3779B97F4A7C15L * (node.index() + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
