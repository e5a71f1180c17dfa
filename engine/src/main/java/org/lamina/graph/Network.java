package org.lamina.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A built {@link Graph}: nodes in a topological order, every shape inferred, every parameter
 * declared. Immutable; the executor runs it on a backend.
 */
public final class Network {

    /** One node of the network. */
    public record NodeInfo(String name, Layer layer, List<String> inputs, int[] shape, List<ParamSpec> params,
            int index) {

        public boolean isInput() {
            return layer == null;
        }

        /** The parameter's full name, {@code node.param} (PyTorch's state-dict style). */
        public String paramName(ParamSpec p) {
            return name + "." + p.name();
        }

        /** Values per example at this node. */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** A parameter of the network with its full name. */
    public record Param(String name, NodeInfo node, ParamSpec spec) {
    }

    private final String name;
    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName = new LinkedHashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs;
    private final List<Param> params = new ArrayList<>();
    /** Parameters made non-trainable by {@link #freeze}. */
    private final Set<String> frozen;
    /** Nodes that {@link #freeze} made run in inference mode in training passes. */
    private final Set<String> inferenceNodes;

    Network(String name, List<Graph.Def> order, Map<String, int[]> shapes, List<String> outputs) {
        this.name = name;
        List<NodeInfo> list = new ArrayList<>();
        for (Graph.Def d : order) {
            List<int[]> inShapes = new ArrayList<>();
            for (String in : d.inputs) {
                inShapes.add(shapes.get(in));
            }
            List<ParamSpec> specs = d.layer == null ? List.of() : List.copyOf(d.layer.parameters(inShapes));
            NodeInfo n = new NodeInfo(d.name, d.layer, List.copyOf(d.inputs), shapes.get(d.name), specs, list.size());
            list.add(n);
            byName.put(n.name(), n);
            if (d.layer == null) {
                inputs.add(d.name);
            }
            for (ParamSpec p : specs) {
                params.add(new Param(n.paramName(p), n, p));
            }
        }
        this.nodes = Collections.unmodifiableList(list);
        this.outputs = List.copyOf(outputs);
        this.frozen = Set.of();
        this.inferenceNodes = Set.of();
    }

    /** {@code base} with the parameters named in {@code frozen} not trainable. */
    private Network(Network base, Set<String> frozen, Set<String> inferenceNodes) {
        this.name = base.name;
        List<NodeInfo> list = new ArrayList<>();
        for (NodeInfo n : base.nodes) {
            List<ParamSpec> specs = new ArrayList<>();
            for (ParamSpec p : n.params()) {
                specs.add(frozen.contains(n.paramName(p)) && p.trainable() ? new ParamSpec(p.name(), p.shape(),
                        p.init(), p.regularized(), false, p.fanIn(), p.fanOut()) : p);
            }
            NodeInfo copy = new NodeInfo(n.name(), n.layer(), n.inputs(), n.shape(), List.copyOf(specs), n.index());
            list.add(copy);
            byName.put(copy.name(), copy);
            for (ParamSpec p : copy.params()) {
                params.add(new Param(copy.paramName(p), copy, p));
            }
        }
        this.nodes = Collections.unmodifiableList(list);
        this.inputs.addAll(base.inputs);
        this.outputs = base.outputs;
        this.frozen = Collections.unmodifiableSet(new LinkedHashSet<>(frozen));
        this.inferenceNodes = Collections.unmodifiableSet(new LinkedHashSet<>(inferenceNodes));
    }

    /**
     * This network with the learned parameters whose full names {@code frozen} accepts made
     * non-trainable (transfer learning): no optimizer updates them, and a backward pass differentiates
     * no node for them (a frozen first part of the network is not differentiated at all; a frozen layer
     * between trained ones still passes its input gradient on, its own gradients are dropped).
     *
     * @param keepStatistics whether a node whose parameters are all frozen and that keeps state (a
     *     batch norm's running statistics) runs in inference mode in training passes: it normalizes with
     *     its running statistics and leaves them as they are (Keras's frozen batch norm), instead of
     *     normalizing with the batch's and updating them (PyTorch's {@code requires_grad=False})
     * @return a new network; this one is unchanged, and a model of either loads the other's values
     */
    public Network freeze(Predicate<String> frozen, boolean keepStatistics) {
        Set<String> names = new LinkedHashSet<>(this.frozen);
        Set<String> inference = new LinkedHashSet<>(inferenceNodes);
        for (NodeInfo n : nodes) {
            boolean all = !n.params().isEmpty(), state = false;
            for (ParamSpec p : n.params()) {
                boolean f = frozen.test(n.paramName(p));
                if (f && p.trainable()) {
                    names.add(n.paramName(p));
                }
                all &= f || this.frozen.contains(n.paramName(p));
                state |= !p.trainable() && !this.frozen.contains(n.paramName(p));
            }
            if (all && state && keepStatistics) {
                inference.add(n.name());
            }
        }
        return new Network(this, names, inference);
    }

    /** The parameters {@link #freeze} made non-trainable, in network order. */
    public Set<String> frozenParameters() {
        return frozen;
    }

    /**
     * Whether node {@code nodeName} runs in inference mode even in training passes (a frozen batch
     * norm that keeps its statistics, see {@link #freeze}).
     */
    public boolean inferenceInTraining(String nodeName) {
        return inferenceNodes.contains(nodeName);
    }

    public String name() {
        return name;
    }

    /** A copy of {@code other} whose parameters are {@code specs}' (same names and shapes). */
    private Network(Network other, Map<String, ParamSpec> specs) {
        this.name = other.name;
        List<NodeInfo> list = new ArrayList<>();
        for (NodeInfo n : other.nodes) {
            List<ParamSpec> ps = new ArrayList<>();
            for (ParamSpec p : n.params()) {
                ps.add(specs.getOrDefault(n.paramName(p), p));
            }
            NodeInfo copy = new NodeInfo(n.name(), n.layer(), n.inputs(), n.shape(), List.copyOf(ps), n.index());
            list.add(copy);
            byName.put(copy.name(), copy);
            for (ParamSpec p : copy.params()) {
                params.add(new Param(copy.paramName(p), copy, p));
            }
        }
        this.nodes = Collections.unmodifiableList(list);
        this.inputs.addAll(other.inputs);
        this.outputs = other.outputs;
        this.frozen = other.frozen;
        this.inferenceNodes = other.inferenceNodes;
    }

    /**
     * This network with {@code init} drawing every weight that regularizers apply to (those of
     * convolutions and dense layers); biases, normalization parameters and state keep theirs. How
     * {@code lamina train --init} overrides an architecture's choice.
     */
    public Network withWeightInitializer(Initializer init) {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        for (Param p : params) {
            ParamSpec s = p.spec();
            if (s.regularized() && s.trainable()) {
                specs.put(p.name(), new ParamSpec(s.name(), s.shape(), init, true, true, s.fanIn(), s.fanOut()));
            }
        }
        return new Network(this, specs);
    }

    /** Every node, inputs included, in an order where each node comes after its inputs. */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    /**
     * @throws IllegalArgumentException listing the nodes when there is none of that name
     */
    public NodeInfo node(String nodeName) {
        NodeInfo n = byName.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("network " + name + " has no node '" + nodeName + "'; it has "
                    + byName.keySet());
        }
        return n;
    }

    public List<String> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Every parameter and state buffer, in node order. */
    public List<Param> parameters() {
        return Collections.unmodifiableList(params);
    }

    /** Number of learned values. */
    public long trainableParameterCount() {
        return params.stream().filter(p -> p.spec().trainable()).mapToLong(p -> p.spec().size()).sum();
    }

    /** The table of nodes with shapes, parameters, memory and receptive fields. */
    public Summary summary() {
        return Summary.of(this);
    }

    @Override
    public String toString() {
        return "Network " + name + " " + inputs + " -> " + outputs + ", " + nodes.size() + " nodes, "
                + trainableParameterCount() + " parameters";
    }

    static String shapeText(int[] s) {
        return Arrays.toString(s);
    }
}
