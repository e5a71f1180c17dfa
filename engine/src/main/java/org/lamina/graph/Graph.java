package org.lamina.graph;

import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.ops.AdaptiveAvgPool3d;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.Conv1d;
import org.lamina.ops.Conv2d;
import org.lamina.ops.Conv3d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.ops.MaxPool2d;
import org.lamina.ops.Pool1d;
import org.lamina.ops.Pool3d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dParams;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.Pool3dParams;
import org.lamina.geometry.PoolParams;
import org.lamina.layers.Activation;
import org.lamina.layers.AdaptiveAvgPoolLayer;
import org.lamina.layers.AddLayer;
import org.lamina.layers.BatchNormLayer;
import org.lamina.layers.ConcatLayer;
import org.lamina.layers.ConvNdLayer;
import org.lamina.layers.DenseLayer;
import org.lamina.layers.Conv2dLayer;
import org.lamina.layers.DropoutLayer;
import org.lamina.layers.FlattenLayer;
import org.lamina.layers.LocalResponseNormLayer;
import org.lamina.layers.PoolLayer;
import org.lamina.layers.PoolNdLayer;
import org.lamina.layers.ReshapeLayer;
import org.lamina.layers.SoftmaxLayer;

/**
 * Builds a directed acyclic graph of layers with named nodes, several inputs and outputs, fan-out,
 * residual additions and channel concatenation. Sequential models are a chain of such nodes:
 *
 * <pre>{@code
 * Graph g = new Graph("lenet5");
 * Node x = g.input("image", 1, 28, 28);
 * Node y = g.conv2d(x, 6, 5).pad(2).tanh().avgPool(2)
 *           .conv2d(16, 5).tanh().avgPool(2)
 *           .flatten().dense(120).tanh().dense(84).tanh().dense(10);
 * g.output(y.name("logits"));
 * Network net = g.build();
 * }</pre>
 *
 * Shapes are those of one example. A node's configuration ({@code pad}, {@code stride}, its name)
 * can change until another node uses it. {@link #build()} infers every shape and reports the first
 * mismatch naming the node, its inputs' shapes and what it expected; an unknown input or a cycle (only
 * possible through {@link #node(String, Layer, String...)}, which may name nodes not yet added) is
 * reported there too.
 */
public final class Graph {
    private final String name;
    private final Map<String, Def> defs = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /** One node as declared. */
    static final class Def {
        String name;
        Layer layer; // null for an input
        final List<String> inputs;
        final int[] inputShape;
        int consumers;

        Def(String name, Layer layer, List<String> inputs, int[] inputShape) {
            this.name = name;
            this.layer = layer;
            this.inputs = inputs;
            this.inputShape = inputShape;
        }
    }

    public Graph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ declaring nodes

    /** An input of the given shape per example, e.g. {@code input("image", 1, 28, 28)}. */
    public Node input(String inputName, int... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("input " + inputName + ": needs a shape");
        }
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("input " + inputName + ": shape " + Arrays.toString(shape)
                        + " has a dimension below 1");
            }
        }
        declare(new Def(checkNewName(inputName), null, List.of(), shape.clone()));
        return new Node(this, inputName);
    }

    /**
     * Adds a node by name with inputs named, which may be declared later; {@link #build()} resolves
     * them. The fluent methods below are the usual way.
     */
    public Node node(String nodeName, Layer layer, String... inputs) {
        declare(new Def(checkNewName(nodeName), layer, List.of(inputs), null));
        for (String in : inputs) {
            Def d = defs.get(in);
            if (d != null) {
                d.consumers++;
            }
        }
        return new Node(this, nodeName);
    }

    /** Adds a node named after its layer type ({@code conv1}, {@code fc2}, ...) fed by {@code inputs}. */
    public Node node(Layer layer, Node... inputs) {
        return node(autoName(layer.type()), layer, names(inputs));
    }

    public Conv2dNode conv2d(Node in, int outChannels, int kernel) {
        return conv2d(in, outChannels, kernel, kernel);
    }

    public Conv2dNode conv2d(Node in, int outChannels, int kernelH, int kernelW) {
        Node n = node(Conv2dLayer.conv(outChannels, kernelH, kernelW), in);
        return new Conv2dNode(this, n.name());
    }

    /** Transposed convolution (deconvolution); configure stride, padding, output padding on the node. */
    public Conv2dNode convTranspose2d(Node in, int outChannels, int kernel) {
        Node n = node(Conv2dLayer.transposed(outChannels, kernel, kernel), in);
        return new Conv2dNode(this, n.name());
    }

    /** Max pooling with a square window, stride equal to the window; configure on the node. */
    public PoolNode maxPool(Node in, int kernel) {
        return new PoolNode(this, node(PoolLayer.max(PoolParams.kernel(kernel)), in).name());
    }

    /** Average pooling with a square window, stride equal to the window; configure on the node. */
    public PoolNode avgPool(Node in, int kernel) {
        return new PoolNode(this, node(PoolLayer.average(PoolParams.kernel(kernel)), in).name());
    }

    /** Average over each channel's whole plane: {@code [C, H, W]} to {@code [C, 1, 1]}. */
    public Node globalAvgPool(Node in) {
        return node(AdaptiveAvgPoolLayer.global(), in);
    }

    public Node adaptiveAvgPool(Node in, int outH, int outW) {
        return node(new AdaptiveAvgPoolLayer(outH, outW), in);
    }

    /**
     * A 1-D convolution over {@code [C, L]} (signals, sentences of embeddings) with kernel length
     * {@code kernel}, bias, PyTorch's default initialization; parameters {@code weight}
     * {@code [outChannels, C/groups, kernel]} and {@code bias}.
     */
    public Node conv1d(Node in, int outChannels, int kernel, Conv1dParams p) {
        return node(ConvNdLayer.conv1d(outChannels, kernel, p, true), in);
    }

    /** {@link #conv1d(Node, int, int, Conv1dParams)} with stride 1 and no padding. */
    public Node conv1d(Node in, int outChannels, int kernel) {
        return conv1d(in, outChannels, kernel, Conv1dParams.defaults());
    }

    /**
     * A 3-D convolution over {@code [C, D, H, W]} (video clips, volumes) with a
     * {@code kD x kH x kW} kernel, bias, PyTorch's default initialization; parameters {@code weight}
     * {@code [outChannels, C/groups, kD, kH, kW]} and {@code bias}.
     */
    public Node conv3d(Node in, int outChannels, int kD, int kH, int kW, Conv3dParams p) {
        return node(ConvNdLayer.conv3d(outChannels, kD, kH, kW, p, true), in);
    }

    /** {@link #conv3d(Node, int, int, int, int, Conv3dParams)} with a cubic kernel, stride 1, no padding. */
    public Node conv3d(Node in, int outChannels, int kernel) {
        return conv3d(in, outChannels, kernel, kernel, kernel, Conv3dParams.defaults());
    }

    /** 1-D max pooling over {@code [C, L]}. */
    public Node maxPool1d(Node in, Pool1dParams p) {
        return node(PoolNdLayer.max1d(p), in);
    }

    /** 1-D average pooling over {@code [C, L]}, padding counted in the divisor (PyTorch's default). */
    public Node avgPool1d(Node in, Pool1dParams p) {
        return node(PoolNdLayer.avg1d(p, true), in);
    }

    /** 3-D max pooling over {@code [C, D, H, W]}. */
    public Node maxPool3d(Node in, Pool3dParams p) {
        return node(PoolNdLayer.max3d(p), in);
    }

    /** 3-D average pooling over {@code [C, D, H, W]}, padding counted in the divisor (PyTorch's default). */
    public Node avgPool3d(Node in, Pool3dParams p) {
        return node(PoolNdLayer.avg3d(p, true), in);
    }

    /** 3-D adaptive average pooling to {@code [C, outD, outH, outW]}; 1x1x1 is global average pooling. */
    public Node adaptiveAvgPool3d(Node in, int outD, int outH, int outW) {
        return node(PoolNdLayer.adaptiveAvg3d(outD, outH, outW), in);
    }

    /** Local response normalization across channels. */
    public Node lrn(Node in, LocalResponseNormParams p) {
        return node(new LocalResponseNormLayer(p), in);
    }

    public Node flatten(Node in) {
        return node(new FlattenLayer(), in);
    }

    /** Each example's values in {@code shape} (same number of values), as PyTorch's {@code view}. */
    public Node reshape(Node in, int... shape) {
        return node(new ReshapeLayer(shape), in);
    }

    /** A fully connected layer with {@code outFeatures} outputs; its input must be a vector per example. */
    public DenseNode dense(Node in, int outFeatures) {
        return new DenseNode(this, node(DenseLayer.of(outFeatures), in).name());
    }

    /** Element-wise sum (residual connections); shapes must match. */
    public Node add(Node a, Node b) {
        return node(new AddLayer(), a, b);
    }

    /** Concatenation along channels (Inception); other dimensions must match. */
    public Node concat(Node... in) {
        if (in.length < 2) {
            throw new IllegalArgumentException("graph " + name + ": concat needs at least two inputs, got " + in.length);
        }
        return node(new ConcatLayer(), in);
    }

    /** Batch normalization per channel (eps 1e-5, momentum 0.1). */
    public Node batchNorm(Node in) {
        return node(new BatchNormLayer(), in);
    }

    /** Inverted dropout with drop probability {@code p} in training; the identity in inference. */
    public Node dropout(Node in, double p) {
        return node(new DropoutLayer(p), in);
    }

    /** An activation as a node of its own (see {@link Node#activation} for the fused form). */
    public Node activation(Node in, Activation a) {
        return node(a.asLayer(), in);
    }

    public Node relu(Node in) {
        return activation(in, Activation.relu());
    }

    public Node tanh(Node in) {
        return activation(in, Activation.tanh());
    }

    public Node sigmoid(Node in) {
        return activation(in, Activation.sigmoid());
    }

    public Node softmax(Node in) {
        return node(new SoftmaxLayer(false), in);
    }

    public Node logSoftmax(Node in) {
        return node(new SoftmaxLayer(true), in);
    }

    /** Marks nodes as outputs of the graph, in order. */
    public void output(Node... nodes) {
        for (Node n : nodes) {
            if (!defs.containsKey(n.name())) {
                throw new IllegalArgumentException("graph " + name + ": output " + n.name() + " is not a node");
            }
            if (!outputs.contains(n.name())) {
                outputs.add(n.name());
                defs.get(n.name()).consumers++;
            }
        }
    }

    // ------------------------------------------------------------------ building

    /**
     * Checks the graph and infers every shape.
     *
     * @throws IllegalArgumentException for an unknown input, a cycle, a shape mismatch (naming the
     *     node, its inputs' shapes and what it expected), a graph without inputs or outputs
     */
    public Network build() {
        if (defs.values().stream().noneMatch(d -> d.layer == null)) {
            throw new IllegalArgumentException("graph " + name + " has no input");
        }
        List<String> outs = new ArrayList<>(outputs);
        if (outs.isEmpty()) {
            // Without declared outputs the sinks (nodes no one consumes) are the outputs.
            Set<String> consumed = new HashSet<>();
            defs.values().forEach(d -> consumed.addAll(d.inputs));
            defs.keySet().stream().filter(n -> !consumed.contains(n)).forEach(outs::add);
        }
        List<Def> order = topologicalOrder();
        Map<String, int[]> shapes = new HashMap<>();
        for (Def d : order) {
            shapes.put(d.name, inferShape(d, shapes));
        }
        return new Network(name, order, shapes, outs);
    }

    /** The shape of one example at node {@code nodeName}, inferring what it depends on. */
    int[] shapeOf(String nodeName) {
        Map<String, int[]> shapes = new HashMap<>();
        return shape(nodeName, shapes, new HashSet<>());
    }

    private int[] shape(String n, Map<String, int[]> shapes, Set<String> visiting) {
        int[] known = shapes.get(n);
        if (known != null) {
            return known;
        }
        Def d = defs.get(n);
        if (d == null) {
            throw new IllegalArgumentException("graph " + name + ": unknown node " + n);
        }
        if (!visiting.add(n)) {
            throw new IllegalArgumentException("graph " + name + ": cycle through node " + n);
        }
        for (String in : d.inputs) {
            shape(in, shapes, visiting);
        }
        visiting.remove(n);
        int[] s = inferShape(d, shapes);
        shapes.put(n, s);
        return s;
    }

    private int[] inferShape(Def d, Map<String, int[]> shapes) {
        if (d.layer == null) {
            return d.inputShape;
        }
        List<int[]> ins = new ArrayList<>();
        for (String in : d.inputs) {
            ins.add(shapes.get(in));
        }
        try {
            int[] out = d.layer.outputShape(ins);
            d.layer.parameters(ins); // parameter shapes can be invalid too
            return out;
        } catch (IllegalArgumentException e) {
            StringBuilder inputsText = new StringBuilder();
            for (int i = 0; i < ins.size(); i++) {
                inputsText.append(i > 0 ? ", " : "").append(d.inputs.get(i)).append(' ')
                        .append(Arrays.toString(ins.get(i)));
            }
            throw new IllegalArgumentException("graph " + name + ": node " + d.name + " (" + d.layer.type()
                    + ") with input " + inputsText + ": " + e.getMessage(), e);
        }
    }

    private List<Def> topologicalOrder() {
        for (Def d : defs.values()) {
            for (String in : d.inputs) {
                if (!defs.containsKey(in)) {
                    throw new IllegalArgumentException("graph " + name + ": node " + d.name + " reads unknown input '"
                            + in + "'; the nodes are " + defs.keySet());
                }
            }
        }
        // Kahn's algorithm, keeping declaration order among ready nodes so schedules are stable.
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<Def>> consumers = new HashMap<>();
        for (Def d : defs.values()) {
            pending.put(d.name, d.inputs.size());
            for (String in : d.inputs) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(d);
            }
        }
        List<Def> order = new ArrayList<>();
        List<Def> ready = new ArrayList<>();
        for (Def d : defs.values()) {
            if (d.inputs.isEmpty()) {
                ready.add(d);
            }
        }
        while (!ready.isEmpty()) {
            Def d = ready.remove(0);
            order.add(d);
            for (Def c : consumers.getOrDefault(d.name, List.of())) {
                int left = pending.merge(c.name, -1, Integer::sum);
                if (left == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < defs.size()) {
            List<String> stuck = new ArrayList<>();
            for (Def d : defs.values()) {
                if (!order.contains(d)) {
                    stuck.add(d.name);
                }
            }
            throw new IllegalArgumentException("graph " + name + " has a cycle among nodes " + stuck);
        }
        return order;
    }

    // ------------------------------------------------------------------ for node handles

    Def def(String nodeName) {
        Def d = defs.get(nodeName);
        if (d == null) {
            throw new IllegalArgumentException("graph " + name + ": unknown node " + nodeName);
        }
        return d;
    }

    /** Replaces a node's layer; allowed until the node is used. */
    void reconfigure(String nodeName, Layer layer) {
        Def d = def(nodeName);
        if (d.consumers > 0) {
            throw new IllegalStateException("graph " + name + ": node " + nodeName
                    + " is already in use; configure it before feeding it to other nodes");
        }
        d.layer = layer;
    }

    void rename(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        Def d = def(from);
        if (d.consumers > 0) {
            throw new IllegalStateException("graph " + name + ": node " + from + " is already in use; name it first");
        }
        checkNewName(to);
        Map<String, Def> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Def> e : defs.entrySet()) {
            copy.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
        }
        d.name = to;
        defs.clear();
        defs.putAll(copy);
    }

    private void declare(Def d) {
        defs.put(d.name, d);
    }

    private String checkNewName(String n) {
        if (n == null || n.isBlank() || !n.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw new IllegalArgumentException("graph " + name + ": '" + n + "' is not a valid node name");
        }
        if (defs.containsKey(n)) {
            throw new IllegalArgumentException("graph " + name + ": there is already a node named " + n);
        }
        return n;
    }

    private String autoName(String type) {
        String prefix = switch (type) {
            case Conv2d.NAME, Conv1d.NAME, Conv3d.NAME -> "conv";
            case ConvTranspose2d.NAME -> "deconv";
            case DenseLayer.TYPE -> "fc";
            case MaxPool2d.NAME, AvgPool2d.NAME, AdaptiveAvgPool2d.NAME, Pool1d.MAX, Pool1d.AVG, Pool3d.MAX, Pool3d.AVG,
                    AdaptiveAvgPool3d.NAME -> "pool";
            case BatchNorm2d.NAME -> "bn";
            case LocalResponseNorm.NAME -> "lrn";
            default -> type.replaceAll("[^A-Za-z0-9_]", "_");
        };
        String candidate;
        do {
            int i = counters.merge(prefix, 1, Integer::sum);
            candidate = prefix + i;
        } while (defs.containsKey(candidate));
        return candidate;
    }

    private static String[] names(Node... nodes) {
        String[] out = new String[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = nodes[i].name();
        }
        return out;
    }
}
