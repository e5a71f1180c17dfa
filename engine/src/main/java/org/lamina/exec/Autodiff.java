package org.lamina.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.lamina.graph.Network;
import org.lamina.graph.ReluRule;
import org.lamina.graph.Saves;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.tensor.Tensor;

/**
 * Reverse-mode automatic differentiation over a network: nodes in reverse topological order, each
 * applying its layer's backward rule to the gradient of its output; gradients of a node used by
 * several others are summed. A node's backward runs only if it leads to a parameter (in training) or
 * to a node whose gradient is asked for, and it computes only the input gradients that lead somewhere.
 */
final class Autodiff {
    private final Model model;
    private final Network net;

    Autodiff(Model model) {
        this.model = model;
        this.net = model.network();
    }

    /** A training pass's backward: output gradients in, parameter gradients into the model, input gradients out. */
    Map<String, Tensor> backward(Pass pass, Map<String, Tensor> outputGrads, Set<String> inputGrads) {
        for (String in : inputGrads) {
            if (!net.inputs().contains(in)) {
                throw new IllegalArgumentException("gradient asked for '" + in + "', which is not an input of "
                        + net.name() + " " + net.inputs());
            }
        }
        for (Map.Entry<String, Tensor> e : outputGrads.entrySet()) {
            Network.NodeInfo n = net.node(e.getKey());
            if (!net.outputs().contains(n.name())) {
                throw new IllegalArgumentException("'" + n.name() + "' is not an output of " + net.name());
            }
            if (!Arrays.equals(e.getValue().dims(), pass.outputs.get(n.name()).dims())) {
                throw new IllegalArgumentException("gradient of output " + n.name() + " has shape "
                        + e.getValue().shape() + ", the output " + pass.outputs.get(n.name()).shape());
            }
        }
        return run(pass, outputGrads, inputGrads, true, ReluRule.NORMAL, model::addGradient);
    }

    /** An inspection pass's backward: seeds at any nodes, gradients at any nodes, parameters untouched. */
    Map<String, Tensor> gradients(Pass pass, GradientRequest request) {
        for (String at : request.at()) {
            requireNode(at, "gradient asked");
        }
        for (Map.Entry<String, Tensor> e : request.seeds().entrySet()) {
            Network.NodeInfo n = requireNode(e.getKey(), "gradient seeded");
            int[] want = new int[n.shape().length + 1];
            want[0] = pass.batch;
            System.arraycopy(n.shape(), 0, want, 1, n.shape().length);
            if (!Arrays.equals(e.getValue().dims(), want)) {
                throw new IllegalArgumentException("gradient seeded at " + n.name() + " has shape "
                        + e.getValue().shape() + ", the node's activation " + Arrays.toString(want));
            }
            if (e.getValue().backend() != model.backend()) {
                throw new IllegalArgumentException("gradient seeded at " + n.name() + " is on "
                        + e.getValue().location() + ", the model on " + model.backend().device());
            }
        }
        // Layers hand over parameter gradients as they compute them; a visualization drops them.
        Map<String, Tensor> result = run(pass, request.seeds(), request.at(), false, request.relu(),
                (name, g) -> g.close());
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String at : request.at()) {
            Tensor g = result.get(at);
            if (g == null) {
                Network.NodeInfo n = net.node(at);
                int[] dims = new int[n.shape().length + 1];
                dims[0] = pass.batch;
                System.arraycopy(n.shape(), 0, dims, 1, n.shape().length);
                g = model.backend().zeros(dims);
            }
            ordered.put(at, g);
        }
        return ordered;
    }

    private Network.NodeInfo requireNode(String name, String what) {
        try {
            return net.node(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " at '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The reverse sweep: {@code seeds} are gradients of node activations (kept by the caller); returns
     * the gradients at the nodes {@code at} that some seed depends on. With {@code parameters} every
     * node leading to a trainable parameter is differentiated and {@code paramGrads} receives those.
     */
    private Map<String, Tensor> run(Pass pass, Map<String, Tensor> seeds, Set<String> at, boolean parameters,
            ReluRule relu, BiConsumer<String, Tensor> paramGrads) {
        if (pass.backwardDone) {
            throw new IllegalStateException("backward already ran for this pass");
        }
        pass.backwardDone = true;
        boolean[] wants = requiresGrad(at, parameters);
        Map<String, Tensor> grads = new HashMap<>();
        Set<Tensor> borrowedGrads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Tensor> e : seeds.entrySet()) {
            grads.put(e.getKey(), e.getValue());
            borrowedGrads.add(e.getValue());
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        List<Network.NodeInfo> nodes = net.nodes();
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Network.NodeInfo n = nodes.get(i);
                Tensor g = grads.remove(n.name());
                if (g != null && at.contains(n.name())) {
                    // Returned, and (when it leads further) read by this node's backward, which must not free it.
                    Tensor own = borrowedGrads.contains(g) ? model.backend().elementwise().copy(g) : g;
                    result.put(n.name(), own);
                    borrowedGrads.add(own);
                    g = own;
                }
                if (n.isInput()) {
                    if (g != null && !borrowedGrads.contains(g)) {
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
                NodeContext ctx = new NodeContext(model, n, pass.training, inputNeeds, pass.saved, paramGrads, pass.seed,
                        relu);
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
        if (left <= 0 && !pass.outputs.containsKey(node) && !pass.watched.contains(node)) {
            Tensor t = pass.activations.remove(node);
            pass.release(t);
        }
    }

    /**
     * Whether each node's gradient is needed: it leads to a node in {@code at} or, with
     * {@code parameters}, to a trainable parameter.
     */
    private boolean[] requiresGrad(Set<String> at, boolean parameters) {
        boolean[] wants = new boolean[net.nodes().size()];
        for (Network.NodeInfo n : net.nodes()) {
            boolean w = at.contains(n.name())
                    || parameters && n.params().stream().anyMatch(p -> p.trainable());
            for (String in : n.inputs()) {
                w |= wants[net.node(in).index()];
            }
            wants[n.index()] = w;
        }
        return wants;
    }
}
