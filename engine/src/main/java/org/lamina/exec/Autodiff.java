package org.lamina.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.graph.Saves;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.tensor.Tensor;

/**
 * Reverse-mode automatic differentiation over a network: nodes in reverse topological order, each
 * applying its layer's backward rule to the gradient of its output; gradients of a node used by
 * several others are summed. A node's backward runs only if it leads to a parameter or to an input
 * whose gradient is asked for, and it computes only the input gradients that lead somewhere.
 */
final class Autodiff {
    private final Model model;
    private final Network net;

    Autodiff(Model model) {
        this.model = model;
        this.net = model.network();
    }

    Map<String, Tensor> backward(Pass pass, Map<String, Tensor> outputGrads, Set<String> inputGrads) {
        if (pass.backwardDone) {
            throw new IllegalStateException("backward already ran for this pass");
        }
        pass.backwardDone = true;
        for (String in : inputGrads) {
            if (!net.inputs().contains(in)) {
                throw new IllegalArgumentException("gradient asked for '" + in + "', which is not an input of "
                        + net.name() + " " + net.inputs());
            }
        }
        boolean[] wants = requiresGrad(inputGrads);
        Map<String, Tensor> grads = new HashMap<>();
        java.util.Set<Tensor> borrowedGrads = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<String, Tensor> e : outputGrads.entrySet()) {
            Network.NodeInfo n = net.node(e.getKey());
            if (!net.outputs().contains(n.name())) {
                throw new IllegalArgumentException("'" + n.name() + "' is not an output of " + net.name());
            }
            if (!java.util.Arrays.equals(e.getValue().dims(), pass.outputs.get(n.name()).dims())) {
                throw new IllegalArgumentException("gradient of output " + n.name() + " has shape "
                        + e.getValue().shape() + ", the output " + pass.outputs.get(n.name()).shape());
            }
            grads.put(n.name(), e.getValue());
            borrowedGrads.add(e.getValue());
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        List<Network.NodeInfo> nodes = net.nodes();
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Network.NodeInfo n = nodes.get(i);
                Tensor g = grads.remove(n.name());
                if (n.isInput()) {
                    if (g != null && inputGrads.contains(n.name())) {
                        result.put(n.name(), borrowedGrads.contains(g) ? model.backend().elementwise().copy(g) : g);
                    } else if (g != null && !borrowedGrads.contains(g)) {
                        g.close();
                    }
                    continue;
                }
                if (g == null || !wants[n.index()]) {
                    releaseAfter(pass, n);
                    if (g != null && !borrowedGrads.contains(g)) {
                        g.close();
                    }
                    continue;
                }
                boolean[] inputNeeds = new boolean[n.inputs().size()];
                for (int k = 0; k < inputNeeds.length; k++) {
                    inputNeeds[k] = wants[net.node(n.inputs().get(k)).index()];
                }
                Saves s = n.layer().saves();
                List<Tensor> ins = new ArrayList<>();
                for (String in : n.inputs()) {
                    ins.add(s.inputs() ? pass.activations.get(in) : null);
                }
                Tensor out = s.output() ? pass.activations.get(n.name()) : null;
                NodeContext ctx = new NodeContext(model, n, true, inputNeeds, pass.saved, model::addGradient, pass.seed);
                List<Tensor> inGrads;
                try {
                    inGrads = n.layer().backward(ctx, ins, out, g);
                } catch (AllocationTooLarge e) {
                    throw e.in(Executor.place(n, "backward", List.of(g)));
                }
                if (!borrowedGrads.contains(g)) {
                    g.close();
                }
                releaseAfter(pass, n);
                for (int k = 0; k < n.inputs().size(); k++) {
                    Tensor gi = k < inGrads.size() ? inGrads.get(k) : null;
                    if (gi == null) {
                        continue;
                    }
                    if (!inputNeeds[k]) {
                        gi.close();
                        continue;
                    }
                    String in = n.inputs().get(k);
                    Tensor prior = grads.get(in);
                    if (prior == null) {
                        grads.put(in, gi);
                    } else {
                        // Fan-out: a value used by several nodes gets the sum of their gradients. Add into
                        // a gradient only when it owns its values (not the caller's, not a shared view).
                        if (borrowedGrads.contains(prior) || prior.sharesStorage()) {
                            Tensor sum = model.backend().elementwise().copy(prior);
                            if (!borrowedGrads.contains(prior)) {
                                prior.close();
                            }
                            grads.put(in, sum);
                            prior = sum;
                        }
                        model.backend().elementwise().accumulate(prior, gi, 1.0);
                        gi.close();
                    }
                }
            }
        } catch (RuntimeException e) {
            for (Tensor t : grads.values()) {
                if (!borrowedGrads.contains(t)) {
                    t.close();
                }
            }
            result.values().forEach(Tensor::close);
            throw e;
        }
        return result;
    }

    /** After node {@code n}'s backward: its saved state and the activations only it still needed go. */
    private void releaseAfter(Pass pass, Network.NodeInfo n) {
        Pass.closeSaved(pass.saved.remove(n.name()));
        Saves s = n.layer().saves();
        if (s.output()) {
            release(pass, n.name());
        }
        if (s.inputs()) {
            for (String in : n.inputs()) {
                release(pass, in);
            }
        }
    }

    private void release(Pass pass, String node) {
        int left = pass.backwardUses.merge(node, -1, Integer::sum);
        if (left <= 0 && !pass.outputs.containsKey(node)) {
            Tensor t = pass.activations.remove(node);
            pass.release(t);
        }
    }

    /** Whether each node's gradient is needed: it leads to a trainable parameter or to an input asked for. */
    private boolean[] requiresGrad(Set<String> inputGrads) {
        boolean[] wants = new boolean[net.nodes().size()];
        for (Network.NodeInfo n : net.nodes()) {
            boolean w = n.isInput() ? inputGrads.contains(n.name())
                    : n.params().stream().anyMatch(p -> p.trainable());
            for (String in : n.inputs()) {
                w |= wants[net.node(in).index()];
            }
            wants[n.index()] = w;
        }
        return wants;
    }
}
