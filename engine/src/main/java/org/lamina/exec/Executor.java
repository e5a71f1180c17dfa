package org.lamina.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.backend.Backend;
import org.lamina.graph.Network;
import org.lamina.graph.Saves;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.tensor.Tensor;

/**
 * Runs a {@link Model}'s network on its backend in a topological schedule, freeing every
 * activation as soon as nothing needs it any more:
 * <ul>
 *   <li>in inference ({@link #infer}) an activation lives until its last consumer has run;</li>
 *   <li>in training ({@link #forward}) it also lives while a backward rule still needs it (a layer's
 *       input when the layer's backward reads its inputs, its output when it reads its output), and
 *       {@link #backward} frees it right after the last such rule ran;</li>
 *   <li>{@link #inspect} keeps the same in inference mode, for {@link #gradients} at any node
 *       (saliency maps, guided backpropagation, Grad-CAM, DeepDream, style transfer).</li>
 * </ul>
 * The DAG and the executor know nothing of OpenCL: they call layers, which call the backend.
 */
public final class Executor {
    private final Model model;
    private final Network net;
    private final Autodiff autodiff;

    public Executor(Model model) {
        this.model = model;
        this.net = model.network();
        this.autodiff = new Autodiff(model);
    }

    public Model model() {
        return model;
    }

    public Backend backend() {
        return model.backend();
    }

    /**
     * Inference: runs the network on {@code inputs} (which the caller keeps) and returns the outputs
     * (which the caller owns). Nothing is kept for a backward pass.
     */
    public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
        try (Pass pass = run(inputs, false, 0, Set.of(), false)) {
            Map<String, Tensor> out = new LinkedHashMap<>(pass.outputs);
            pass.outputs.clear();
            pass.activations.values().removeAll(out.values());
            return out;
        }
    }

    /**
     * A training-mode forward pass (dropout active, batch statistics); the returned {@link Pass}
     * holds the outputs and what backward needs. {@code seed} makes dropout reproducible;
     * {@code watch} names nodes whose activations the pass must keep for the caller.
     */
    public Pass forward(Map<String, Tensor> inputs, long seed, Set<String> watch) {
        return run(inputs, true, seed, watch, true);
    }

    /**
     * Reverse-mode differentiation of a {@link #forward} pass: from the gradients of the outputs
     * (which the caller keeps), computes the gradient of every trainable parameter into the model
     * (see {@link Model#grad}), and returns the gradients of the inputs named in {@code inputGrads}
     * (owned by the caller).
     */
    public Map<String, Tensor> backward(Pass pass, Map<String, Tensor> outputGrads, Set<String> inputGrads) {
        if (!pass.training) {
            throw new IllegalArgumentException("backward() trains from a training pass; differentiate an inspect() "
                    + "pass with gradients()");
        }
        return autodiff.backward(pass, outputGrads, inputGrads);
    }

    /**
     * An inference-mode forward pass (dropout off, batch norm on its running statistics, exactly what
     * {@link #infer} computes) that keeps what a backward pass needs, for {@link #gradients}.
     * {@code watch} names nodes whose activations the pass must keep for the caller (Grad-CAM's layer).
     * Nothing in the model changes: running statistics stay, no parameter gets a gradient.
     */
    public Pass inspect(Map<String, Tensor> inputs, Set<String> watch) {
        return run(inputs, false, 0, watch, true);
    }

    /**
     * Differentiates an {@link #inspect} pass as {@code request} says: from gradients seeded at any
     * nodes to the gradients at any nodes (owned by the caller, one per name of
     * {@link GradientRequest#at}; zeros where no seed depends on the node). Parameter gradients are
     * dropped as the layers produce them, so {@link Model#grad} stays as it was. Runs once per pass.
     */
    public Map<String, Tensor> gradients(Pass pass, GradientRequest request) {
        if (pass.training) {
            throw new IllegalArgumentException("gradients() differentiates an inspect() pass, not a training pass");
        }
        return autodiff.gradients(pass, request);
    }

    /** {@code keep}: whether a backward pass may follow, so that what it reads is kept. */
    private Pass run(Map<String, Tensor> inputs, boolean training, long seed, Set<String> watch, boolean keep) {
        for (String in : net.inputs()) {
            Tensor t = inputs.get(in);
            if (t == null) {
                throw new IllegalArgumentException("network " + net.name() + ": input '" + in + "' is missing; given "
                        + inputs.keySet());
            }
            int[] want = net.node(in).shape();
            int[] got = t.dims();
            if (got.length != want.length + 1 || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want)) {
                throw new IllegalArgumentException("network " + net.name() + ": input '" + in + "' has shape "
                        + Arrays.toString(got) + " but [N, " + Arrays.toString(want).substring(1) + " is expected");
            }
            if (t.backend() != model.backend()) {
                throw new IllegalArgumentException("network " + net.name() + ": input '" + in + "' is on "
                        + t.location() + ", the model on " + model.backend().device());
            }
        }
        for (String w : watch) {
            net.node(w);
        }
        Pass pass = new Pass(seed, training, inputs.get(net.inputs().get(0)).dims()[0]);
        pass.watched.addAll(watch);
        Map<String, Integer> forwardUses = new HashMap<>();
        for (Network.NodeInfo n : net.nodes()) {
            for (String in : n.inputs()) {
                forwardUses.merge(in, 1, Integer::sum);
            }
        }
        if (keep) {
            pass.backwardUses.putAll(backwardUses());
        }
        Set<String> outputs = new HashSet<>(net.outputs());
        try {
            for (Network.NodeInfo n : net.nodes()) {
                Tensor out;
                if (n.isInput()) {
                    out = inputs.get(n.name());
                    pass.borrowed.add(out);
                } else {
                    List<Tensor> ins = new ArrayList<>();
                    for (String in : n.inputs()) {
                        ins.add(pass.activations.get(in));
                    }
                    NodeContext ctx = new NodeContext(model, n, training, null, keep ? pass.saved : null, null,
                            seed);
                    try {
                        out = n.layer().forward(ctx, ins);
                    } catch (AllocationTooLarge e) {
                        throw e.in(place(n, "forward", ins));
                    }
                    for (String in : n.inputs()) {
                        if (forwardUses.merge(in, -1, Integer::sum) == 0) {
                            maybeFree(pass, in, outputs, watch);
                        }
                    }
                }
                pass.activations.put(n.name(), out);
                if (outputs.contains(n.name())) {
                    pass.outputs.put(n.name(), out);
                }
                if (forwardUses.getOrDefault(n.name(), 0) == 0) {
                    maybeFree(pass, n.name(), outputs, watch);
                }
            }
        } catch (RuntimeException e) {
            pass.close();
            throw e;
        }
        return pass;
    }

    /** Frees an activation no later forward needs, unless an output, watched, or read by a backward rule. */
    private static void maybeFree(Pass pass, String node, Set<String> outputs, Set<String> watch) {
        if (outputs.contains(node) || watch.contains(node) || pass.backwardUses.getOrDefault(node, 0) > 0) {
            return;
        }
        Tensor t = pass.activations.remove(node);
        pass.release(t);
    }

    /** How many backward rules read each node's activation. */
    private Map<String, Integer> backwardUses() {
        Map<String, Integer> uses = new HashMap<>();
        for (Network.NodeInfo n : net.nodes()) {
            if (n.isInput()) {
                continue;
            }
            Saves s = n.layer().saves();
            if (s.output()) {
                uses.merge(n.name(), 1, Integer::sum);
            }
            if (s.inputs()) {
                for (String in : n.inputs()) {
                    uses.merge(in, 1, Integer::sum);
                }
            }
        }
        return uses;
    }

    /** Where a step runs, as an error names it: {@code layer conv1 (conv2d, forward, batch 64)}. */
    static String place(Network.NodeInfo n, String pass, List<Tensor> inputs) {
        Tensor first = inputs.stream().filter(t -> t != null).findFirst().orElse(null);
        return "layer " + n.name() + " (" + n.layer().type() + ", " + pass
                + (first == null || first.dims().length == 0 ? "" : ", batch " + first.dims()[0]) + ")";
    }
}
