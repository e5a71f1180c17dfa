package org.lamina.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
