package org.lamina.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.geometry.ConvParams;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.geometry.PoolParams;
import org.lamina.graph.Graph;
import org.lamina.graph.Layer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.layers.Activation;
import org.lamina.layers.AdaptiveAvgPoolLayer;
import org.lamina.layers.AddLayer;
import org.lamina.layers.BatchNormLayer;
import org.lamina.layers.ConcatLayer;
import org.lamina.layers.Conv2dLayer;
import org.lamina.layers.DenseLayer;
import org.lamina.layers.DropoutLayer;
import org.lamina.layers.FlattenLayer;
import org.lamina.layers.Fused;
import org.lamina.layers.LocalResponseNormLayer;
import org.lamina.layers.PoolLayer;
import org.lamina.layers.ReshapeLayer;
import org.lamina.layers.SoftmaxLayer;
import org.lamina.onnx.proto.OnnxProto.GraphProto;
import org.lamina.onnx.proto.OnnxProto.ModelProto;
import org.lamina.onnx.proto.OnnxProto.NodeProto;
import org.lamina.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.lamina.onnx.proto.OnnxProto.TensorProto;
import org.lamina.onnx.proto.OnnxProto.TensorShapeProto;
import org.lamina.onnx.proto.OnnxProto.ValueInfoProto;
import org.lamina.ops.BatchNorm2d;

/**
 * Turns an ONNX graph into a Lamina {@link Graph}, one ONNX node at a time, and its initializers into
 * the parameters of the Lamina nodes under PyTorch-style names. A node with a weight initializer
 * {@code X.weight} (as {@code torch.onnx.export} names them) becomes the Lamina node {@code X}, so the
 * parameters keep their PyTorch names. Without weights ({@code withWeights} false) only the structure is
 * built: initializers need their dimensions, not their values.
 */
final class GraphTranslator {
    /** The operators imported, as the refusal of another one lists them. */
    /** The inputs each operator must list (ONNX's own minimum; optional ones may be absent). */
    private static final Map<String, Integer> REQUIRED_INPUTS = Map.ofEntries(Map.entry("Identity", 1),
            Map.entry("Dropout", 1), Map.entry("Pad", 1), Map.entry("Conv", 2), Map.entry("ConvTranspose", 2),
            Map.entry("MaxPool", 1), Map.entry("AveragePool", 1), Map.entry("GlobalAveragePool", 1),
            Map.entry("LRN", 1), Map.entry("BatchNormalization", 5), Map.entry("Relu", 1),
            Map.entry("LeakyRelu", 1), Map.entry("Elu", 1), Map.entry("Sigmoid", 1), Map.entry("Tanh", 1),
            Map.entry("Gemm", 2), Map.entry("MatMul", 2), Map.entry("Flatten", 1), Map.entry("Reshape", 2),
            Map.entry("Add", 2), Map.entry("Concat", 1), Map.entry("Softmax", 1), Map.entry("LogSoftmax", 1));

    static final List<String> OPERATORS = List.of("Conv", "ConvTranspose", "MaxPool", "AveragePool",
            "GlobalAveragePool", "LRN", "BatchNormalization", "Relu", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Gemm",
            "MatMul", "Flatten", "Reshape", "Add", "Concat", "Softmax", "LogSoftmax", "Dropout", "Identity", "Constant",
            "Pad (of zero width)");

    private final ModelProto model;
    private final GraphProto onnx;
    private final Problems problems;
    private final boolean withWeights;
    private final long opset;
    private final Graph graph;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, Node> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, SafeTensors.Entry> weights = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private String inputValue;
    private long batch = -1;

    GraphTranslator(ModelProto model, String source, boolean withWeights) {
        this.model = model;
        this.onnx = model.getGraph();
        this.problems = new Problems(source);
        this.withWeights = withWeights;
        long version = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                version = o.getVersion();
            }
        }
        if (version < 1) {
            throw problems.file("imports no version of the standard ONNX operator set (ai.onnx)");
        }
        this.opset = version;
        String name = onnx.getName().matches("[A-Za-z_][A-Za-z0-9_.\\-]*") ? onnx.getName() : "onnx";
        this.graph = new Graph(name);
    }

    /** The network with the imported parameters (empty without weights). */
    record Result(Network network, Map<String, SafeTensors.Entry> weights, int[] inputShape) {
    }

    Result translate() {
        for (TensorProto t : onnx.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (int i = 0; i < onnx.getNodeCount(); i++) {
            NodeProto n = onnx.getNode(i);
            problems.number(n, i);
            for (String in : n.getInputList()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        for (ValueInfoProto out : onnx.getOutputList()) {
            uses.merge(out.getName(), 1, Integer::sum);
        }
        int[] inputShape = declareInput();
        for (NodeProto n : onnx.getNodeList()) {
            try {
                translate(n);
            } catch (IllegalArgumentException e) {
                // a layer's own check (a negative slope, a bad size) does not know the file or the node
                if (e.getClass() != IllegalArgumentException.class || e.getMessage() == null
                        || !e.getMessage().startsWith(Problems.printable(problems.source()))) {
                    throw problems.node(n, "cannot be imported: " + e.getMessage());
                }
                throw e;
            }
        }
        if (onnx.getOutputCount() == 0) {
            throw problems.file("its graph declares no output");
        }
        for (ValueInfoProto out : onnx.getOutputList()) {
            Node n = values.get(out.getName());
            if (n == null) {
                throw problems.file("graph output '" + out.getName() + "' is "
                        + (constants.containsKey(out.getName()) ? "a constant" : "computed by no node"));
            }
            if (n.name().equals(inputValue)) {
                throw problems.file("graph output '" + out.getName() + "' is its input");
            }
            graph.output(n);
        }
        Network net;
        try {
            net = graph.build();
        } catch (IllegalArgumentException e) {
            throw problems.file(e.getMessage());
        }
        checkWeights(net);
        return new Result(net, weights, inputShape);
    }

    // ------------------------------------------------------------------ input

    private int[] declareInput() {
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : onnx.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw problems.file("its graph has " + inputs.size() + " inputs besides its weights; Lamina imports"
                    + " networks of one input");
        }
        ValueInfoProto in = inputs.get(0);
        if (!in.getType().hasTensorType() || !in.getType().getTensorType().hasShape()) {
            throw problems.file("input '" + in.getName() + "' has no tensor shape");
        }
        int elem = in.getType().getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw problems.file("input '" + in.getName() + "' holds " + TensorValues.typeName(elem)
                    + " values; Lamina imports float networks");
        }
        List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4 && dims.size() != 2) {
            throw problems.file("input '" + in.getName() + "' has " + dims.size() + " dimensions; Lamina imports"
                    + " images (batch, channels, height, width) or vectors (batch, features)");
        }
        batch = dims.get(0).hasDimValue() ? dims.get(0).getDimValue() : -1;
        int[] shape = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
                throw problems.file("input '" + in.getName() + "' dimension " + i + " is "
                        + (d.hasDimValue() ? Long.toString(d.getDimValue()) : "'" + d.getDimParam() + "'")
                        + "; Lamina needs fixed sizes but for the batch");
            }
            shape[i - 1] = (int) d.getDimValue();
        }
        String name = uniqueName(in.getName());
        Node node = graph.input(name, shape);
        values.put(in.getName(), node);
        inputValue = name;
        return shape;
    }

    // ------------------------------------------------------------------ nodes

    private void translate(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw problems.node(n, "is of operator domain '" + n.getDomain() + "', which Lamina does not import");
        }
        int needed = REQUIRED_INPUTS.getOrDefault(n.getOpType(), 0);
        if (n.getInputCount() < needed) {
            throw problems.node(n, "has " + n.getInputCount() + " input(s); " + n.getOpType() + " takes at least "
                    + needed);
        }
        Attributes a = new Attributes(n, problems);
        switch (n.getOpType()) {
            case "Constant" -> constants.put(output(n), a.tensor("value"));
            case "Identity" -> alias(n);
            case "Dropout" -> dropout(n, a);
            case "Pad" -> pad(n, a);
            case "Conv" -> conv(n, a, false);
            case "ConvTranspose" -> conv(n, a, true);
            case "MaxPool" -> pool(n, a, true);
            case "AveragePool" -> pool(n, a, false);
            case "GlobalAveragePool" -> add(n, AdaptiveAvgPoolLayer.global(), null, value(n, 0));
            case "LRN" -> add(n, new LocalResponseNormLayer(new LocalResponseNormParams(
                    a.checkedInt("size", a.integer("size", 0), 1), a.number("alpha", 1e-4), a.number("beta", 0.75),
                    a.number("bias", 1.0))), null, value(n, 0));
            case "BatchNormalization" -> batchNorm(n, a);
            case "Relu" -> activation(n, Activation.relu());
            case "LeakyRelu" -> activation(n, Activation.leakyRelu(a.number("alpha", 0.01)));
            case "Elu" -> activation(n, Activation.elu(a.number("alpha", 1.0)));
            case "Sigmoid" -> activation(n, Activation.sigmoid());
            case "Tanh" -> activation(n, Activation.tanh());
            case "Gemm" -> gemm(n, a);
            case "MatMul" -> matMul(n);
            case "Flatten" -> flatten(n, a);
            case "Reshape" -> reshape(n, a);
            case "Add" -> addition(n);
            case "Concat" -> concat(n, a);
            case "Softmax", "LogSoftmax" -> softmax(n, a);
            case "" -> throw problems.node(n, "names no operator");
            default -> throw problems.node(n, "uses operator " + Problems.shortened(n.getOpType())
                    + ", which Lamina does not import"
                    + " (it imports " + String.join(", ", OPERATORS) + ")");
        }
    }

    private void alias(NodeProto n) {
        String in = n.getInput(0);
        if (constants.containsKey(in)) {
            constants.put(output(n), constants.get(in));
        } else {
            values.put(output(n), value(n, 0));
        }
    }

    private void dropout(NodeProto n, Attributes a) {
        double ratio = a.number("ratio", 0.5);
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            float[] r = floats(n, 1, "ratio");
            if (r.length != 1) {
                throw problems.node(n, "has a ratio of " + r.length + " values");
            }
            ratio = r[0];
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            long[] training = integers(n, 2, "training_mode");
            if (training.length == 1 && training[0] != 0) {
                throw problems.node(n, "is in training mode; export the model in eval mode");
            }
        }
        requireOneOutput(n);
        if (!(ratio >= 0 && ratio < 1)) {
            throw problems.node(n, "has ratio " + ratio + ", not a probability below 1");
        }
        add(n, new DropoutLayer(ratio), null, value(n, 0));
    }

    private void pad(NodeProto n, Attributes a) {
        String mode = a.text("mode", "constant");
        long[] pads = opset >= 11 ? integers(n, 1, "pads") : a.integers("pads", new long[0]);
        boolean zero = Arrays.stream(pads).allMatch(p -> p == 0);
        if (!mode.equals("constant") || !zero) {
            throw problems.node(n, "pads by " + Arrays.toString(pads) + " (" + mode + "); Lamina imports a Pad only"
                    + " when it adds nothing (pooling and convolutions take their padding themselves)");
        }
        values.put(output(n), value(n, 0));
    }

    private void conv(NodeProto n, Attributes a, boolean transposed) {
        Node in = value(n, 0);
        TensorProto w = constant(n, 1, "weight");
        int[] wd = TensorValues.dims(w, problems);
        if (wd.length != 4) {
            throw problems.node(n, "has a " + wd.length + "-D weight; Lamina imports 2-D convolutions (4-D weights)");
        }
        requireNotSet(n, a);
        int groups = a.checkedInt("group", a.integer("group", 1), 1);
        int[] kernel = a.pair("kernel_shape", 0, 0);
        if (a.has("kernel_shape") && (kernel[0] != wd[2] || kernel[1] != wd[3])) {
            throw problems.node(n, "has kernel_shape " + Arrays.toString(kernel) + " but a weight of shape "
                    + Arrays.toString(wd));
        }
        int[] strides = a.pair("strides", 1, 1);
        int[] dilations = a.pair("dilations", 1, 1);
        int[] pads = symmetricPads(n, a);
        ConvParams p = ConvParams.defaults().stride(strides[0], strides[1]).padding(pads[0], pads[1])
                .dilation(dilations[0], dilations[1]).groups(groups);
        int outChannels = wd[0];
        if (transposed) {
            if (a.has("output_shape")) {
                throw problems.node(n, "gives output_shape; Lamina imports transposed convolutions with pads and"
                        + " output_padding");
            }
            int[] outPad = a.pair("output_padding", 0, 0);
            p = p.outputPadding(outPad[0], outPad[1]);
            outChannels = wd[1] * groups;
        }
        boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        Conv2dLayer layer = (transposed ? Conv2dLayer.transposed(outChannels, wd[2], wd[3])
                : Conv2dLayer.conv(outChannels, wd[2], wd[3])).withParams(p).withBias(bias);
        String name = add(n, layer, w.getName(), in);
        weight(name + ".weight", wd, () -> TensorValues.floats(w, problems));
        if (bias) {
            TensorProto b = constant(n, 2, "bias");
            weight(name + ".bias", TensorValues.dims(b, problems), () -> TensorValues.floats(b, problems));
        }
    }

    private void pool(NodeProto n, Attributes a, boolean max) {
        requireNotSet(n, a);
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && uses.containsKey(n.getOutput(1))) {
            throw problems.node(n, "gives the indices of its maxima, which Lamina does not import");
        }
        if (max && (a.has("dilations") && Arrays.stream(a.integers("dilations", new long[0])).anyMatch(d -> d != 1))) {
            throw problems.node(n, "has dilations " + Arrays.toString(a.integers("dilations", null))
                    + "; Lamina imports max pooling without dilation");
        }
        if (!a.has("kernel_shape")) {
            throw problems.node(n, "has no kernel_shape");
        }
        int[] kernel = a.pair("kernel_shape", 0, 1);
        int[] strides = a.pair("strides", 1, 1);
        int[] pads = symmetricPads(n, a);
        PoolParams p = PoolParams.kernel(kernel[0], kernel[1]).stride(strides[0], strides[1]).padding(pads[0], pads[1])
                .ceilMode(a.integer("ceil_mode", 0) != 0);
        PoolLayer layer = max ? PoolLayer.max(p) : PoolLayer.average(p).withCountIncludePad(
                a.integer("count_include_pad", 0) != 0);
        add(n, layer, null, value(n, 0));
    }

    private void batchNorm(NodeProto n, Attributes a) {
        Node in = value(n, 0);
        if (a.integer("training_mode", 0) != 0 || (a.has("is_test") && a.integer("is_test", 1) == 0)) {
            throw problems.node(n, "is in training mode; export the model in eval mode");
        }
        if (uses.containsKey(n.getOutputCount() > 1 ? n.getOutput(1) : "")) {
            throw problems.node(n, "gives its running statistics as outputs, which Lamina does not import");
        }
        double eps = a.number("epsilon", 1e-5);
        double momentum = a.number("momentum", 0.9);
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw problems.node(n, "has epsilon " + eps + " and momentum " + momentum + "; Lamina needs epsilon > 0"
                    + " and momentum in [0, 1]");
        }
        // ONNX's momentum weighs the old running value, PyTorch's (Lamina's) the new batch statistic.
        TensorProto scale = constant(n, 1, "scale");
        String name = add(n, new BatchNormLayer(new BatchNorm2d(eps, 1 - momentum)), scale.getName(), in);
        String[] params = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < 4; i++) {
            TensorProto t = constant(n, i + 1, params[i]);
            weight(name + "." + params[i], TensorValues.dims(t, problems), () -> TensorValues.floats(t, problems));
        }
    }

    private void activation(NodeProto n, Activation act) {
        Node in = value(n, 0);
        String inValue = n.getInput(0);
        Layer before = in.layer();
        // Fused into the layer before when nothing else reads that layer's output.
        if (before != null && uses.getOrDefault(inValue, 0) == 1 && !inValue.equals(inputValue)
                && Fused.canFuse(before, act)) {
            values.put(output(n), in.activation(act));
            return;
        }
        add(n, act.asLayer(), null, in);
    }

    private void gemm(NodeProto n, Attributes a) {
        Node in = value(n, 0);
        if (a.integer("transA", 0) != 0) {
            throw problems.node(n, "has transA=1; Lamina imports Gemm of an activation by a weight (transA=0)");
        }
        TensorProto w = constant(n, 1, "B");
        int[] wd = TensorValues.dims(w, problems);
        if (wd.length != 2) {
            throw problems.node(n, "has a " + wd.length + "-D weight B; Gemm needs a matrix");
        }
        boolean transB = a.integer("transB", 0) != 0;
        int out = transB ? wd[0] : wd[1], inFeatures = transB ? wd[1] : wd[0];
        double alpha = a.number("alpha", 1.0), beta = a.number("beta", 1.0);
        boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty() && beta != 0;
        String name = add(n, DenseLayer.of(out).withBias(bias), w.getName(), in);
        weight(name + ".weight", new int[] {out, inFeatures}, () -> {
            float[] v = TensorValues.floats(w, problems);
            float[] t = transB ? v : transpose(v, inFeatures, out);
            if (alpha != 1) {
                for (int i = 0; i < t.length; i++) {
                    t[i] *= (float) alpha;
                }
            }
            return t;
        });
        if (bias) {
            TensorProto c = constant(n, 2, "C");
            long count = TensorValues.count(c, problems);
            if (count != out && count != 1) {
                throw problems.node(n, "has a bias C of shape " + c.getDimsList() + "; Lamina imports a bias of "
                        + out + " values (or one)");
            }
            weight(name + ".bias", new int[] {out}, () -> {
                float[] v = TensorValues.floats(c, problems);
                float[] b = new float[out];
                for (int i = 0; i < out; i++) {
                    b[i] = (float) (beta * v[v.length == 1 ? 0 : i]);
                }
                return b;
            });
        }
    }

    private void matMul(NodeProto n) {
        Node in = value(n, 0);
        if (!constants.containsKey(n.getInput(1))) {
            throw problems.node(n, "multiplies two computed values; Lamina imports MatMul by a constant weight");
        }
        TensorProto w = constant(n, 1, "B");
        int[] wd = TensorValues.dims(w, problems);
        if (wd.length != 2) {
            throw problems.node(n, "has a " + wd.length + "-D weight; Lamina imports MatMul by a matrix");
        }
        String name = add(n, DenseLayer.of(wd[1]).withBias(false), w.getName(), in);
        weight(name + ".weight", new int[] {wd[1], wd[0]}, () -> transpose(TensorValues.floats(w, problems), wd[0],
                wd[1]));
    }

    private void flatten(NodeProto n, Attributes a) {
        Node in = value(n, 0);
        long axis = a.integer("axis", 1);
        if (axis != 1) {
            throw problems.node(n, "flattens from axis " + axis + "; Lamina imports Flatten from axis 1 (each example"
                    + " to a vector)");
        }
        if (in.shape().length == 1) {
            values.put(output(n), in);
            return;
        }
        add(n, new FlattenLayer(), null, in);
    }

    private void reshape(NodeProto n, Attributes a) {
        Node in = value(n, 0);
        long[] target = integers(n, 1, "shape");
        int[] inShape = in.shape();
        long size = 1;
        for (int d : inShape) {
            size *= d;
        }
        if (target.length < 2) {
            throw problems.node(n, "reshapes to " + Arrays.toString(target) + "; Lamina keeps the batch as the first"
                    + " dimension");
        }
        long first = target[0];
        boolean firstIsBatch = first == 0 || (first == batch && batch > 0) || (first == -1);
        if (!firstIsBatch) {
            throw problems.node(n, "reshapes to " + Arrays.toString(target) + ", which does not keep the batch as the"
                    + " first dimension");
        }
        int[] out = new int[target.length - 1];
        int unknown = -1;
        long known = 1;
        for (int i = 1; i < target.length; i++) {
            long d = target[i];
            if (d == 0) {
                if (i - 1 >= inShape.length) {
                    throw problems.node(n, "copies dimension " + i + " of an input with fewer dimensions");
                }
                d = inShape[i - 1];
            }
            if (d == -1) {
                if (unknown >= 0 || first == -1) {
                    throw problems.node(n, "reshapes to " + Arrays.toString(target) + " with more than one -1");
                }
                unknown = i - 1;
                continue;
            }
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw problems.node(n, "reshapes to " + Arrays.toString(target) + ", dimension " + d);
            }
            out[i - 1] = (int) d;
            known *= d;
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw problems.node(n, "cannot reshape " + Arrays.toString(inShape) + " to " + Arrays.toString(target));
            }
            out[unknown] = (int) (size / known);
            known = size;
        }
        if (known != size) {
            throw problems.node(n, "cannot reshape " + Arrays.toString(inShape) + " (" + size + " values per example)"
                    + " to " + Arrays.toString(target));
        }
        if (Arrays.equals(out, inShape)) {
            values.put(output(n), in);
        } else if (out.length == 1) {
            add(n, new FlattenLayer(), null, in);
        } else {
            add(n, new ReshapeLayer(out), null, in);
        }
    }

    private void addition(NodeProto n) {
        if (constants.containsKey(n.getInput(0)) || constants.containsKey(n.getInput(1))) {
            throw problems.node(n, "adds a constant; Lamina imports Add of two computed values of one shape");
        }
        add(n, new AddLayer(), null, value(n, 0), value(n, 1));
    }

    private void concat(NodeProto n, Attributes a) {
        Node first = value(n, 0);
        long axis = a.integer("axis", 1);
        int rank = first.shape().length + 1;
        if (axis < 0) {
            axis += rank;
        }
        if (axis != 1) {
            throw problems.node(n, "concatenates along axis " + a.integer("axis", 1) + "; Lamina imports Concat along"
                    + " the channels (axis 1)");
        }
        Node[] ins = new Node[n.getInputCount()];
        for (int i = 0; i < ins.length; i++) {
            ins[i] = value(n, i);
        }
        if (ins.length == 1) {
            values.put(output(n), first);
            return;
        }
        add(n, new ConcatLayer(), null, ins);
    }

    private void softmax(NodeProto n, Attributes a) {
        Node in = value(n, 0);
        long axis = a.integer("axis", opset >= 13 ? -1 : 1);
        if (in.shape().length != 1 || (axis != 1 && axis != -1)) {
            throw problems.node(n, "takes the softmax of " + Arrays.toString(in.shape()) + " per example along axis "
                    + axis + "; Lamina imports softmax over the classes of a vector per example");
        }
        add(n, new SoftmaxLayer(n.getOpType().equals("LogSoftmax")), null, in);
    }

    // ------------------------------------------------------------------ helpers

    /** Adds a Lamina node for {@code n}; returns its name. */
    private String add(NodeProto n, Layer layer, String weightName, Node... inputs) {
        requireOneOutput(n);
        String[] ins = new String[inputs.length];
        for (int i = 0; i < ins.length; i++) {
            ins[i] = inputs[i].name();
        }
        String base = weightName != null && weightName.endsWith(".weight")
                ? weightName.substring(0, weightName.length() - ".weight".length())
                : !n.getName().isEmpty() ? n.getName() : n.getOpType().toLowerCase(Locale.ROOT);
        String name = uniqueName(base);
        Node node;
        try {
            node = graph.node(name, layer, ins);
            node.shape(); // checks the layer against its inputs' shapes now, naming this ONNX node
        } catch (IllegalArgumentException e) {
            throw problems.node(n, e.getMessage());
        }
        values.put(output(n), node);
        return name;
    }

    private void requireOneOutput(NodeProto n) {
        for (int i = 1; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty() && uses.containsKey(n.getOutput(i))) {
                throw problems.node(n, "has its output " + (i + 1) + " used, which Lamina does not import");
            }
        }
    }

    private String output(NodeProto n) {
        if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
            throw problems.node(n, "has no output");
        }
        return n.getOutput(0);
    }

    private Node value(NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw problems.node(n, "lacks input " + (i + 1));
        }
        Node v = values.get(n.getInput(i));
        if (v == null) {
            throw problems.node(n, constants.containsKey(n.getInput(i))
                    ? "takes the constant '" + n.getInput(i) + "' as input " + (i + 1) + " where Lamina needs a computed value"
                    : "reads '" + n.getInput(i) + "', which no earlier node computes");
        }
        return v;
    }

    private TensorProto constant(NodeProto n, int i, String what) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw problems.node(n, "lacks its " + what + " (input " + (i + 1) + ")");
        }
        TensorProto t = constants.get(n.getInput(i));
        if (t == null) {
            throw problems.node(n, "computes its " + what + " ('" + n.getInput(i) + "'); Lamina imports it only as an"
                    + " initializer or constant");
        }
        return t;
    }

    private float[] floats(NodeProto n, int i, String what) {
        return TensorValues.floats(constant(n, i, what), problems);
    }

    private long[] integers(NodeProto n, int i, String what) {
        return TensorValues.integers(constant(n, i, what), problems);
    }

    private void requireNotSet(NodeProto n, Attributes a) {
        String autoPad = a.text("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw problems.node(n, "has auto_pad " + autoPad + "; Lamina imports explicit pads (NOTSET) or VALID");
        }
    }

    private int[] symmetricPads(NodeProto n, Attributes a) {
        long[] pads = a.integers("pads", new long[] {0, 0, 0, 0});
        if (pads.length != 4) {
            throw problems.node(n, "has " + pads.length + " pads; Lamina imports 2-D pads (4 values)");
        }
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw problems.node(n, "has pads " + Arrays.toString(pads) + " (top, left, bottom, right) that differ at"
                    + " the two ends; Lamina imports the same padding on both sides");
        }
        return new int[] {a.checkedInt("pads", pads[0], 0), a.checkedInt("pads", pads[1], 0)};
    }

    private void weight(String name, int[] shape, Supplier<float[]> values) {
        shapes.put(name, shape);
        if (withWeights) {
            float[] v = values.get();
            if (v.length != Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y)) {
                throw problems.file("parameter " + name + " has " + v.length + " values for shape "
                        + Arrays.toString(shape));
            }
            weights.put(name, new SafeTensors.Entry(shape, v));
        }
    }

    /** Checks that the weights have the shapes of the network's parameters; without weights, drops them. */
    private void checkWeights(Network net) {
        List<String> problemsFound = new ArrayList<>();
        for (Network.Param p : net.parameters()) {
            int[] shape = shapes.get(p.name());
            if (shape == null) {
                problemsFound.add("no value for " + p.name());
            } else if (!Arrays.equals(shape, p.spec().shape())) {
                problemsFound.add(p.name() + " has shape " + Arrays.toString(shape) + " but the layer needs "
                        + Arrays.toString(p.spec().shape()));
            }
        }
        if (!problemsFound.isEmpty()) {
            throw problems.file(String.join("; ", problemsFound));
        }
    }

    private String uniqueName(String wanted) {
        String base = wanted.replaceAll("^/+", "").replace('/', '.').replaceAll("[^A-Za-z0-9_.\\-]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') {
            base = "n_" + base;
        }
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }
}
