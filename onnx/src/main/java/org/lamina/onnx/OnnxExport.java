package org.lamina.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.geometry.ConvParams;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.geometry.PoolParams;
import org.lamina.graph.Layer;
import org.lamina.graph.Network;
import org.lamina.graph.ParamSpec;
import org.lamina.layers.Activation;
import org.lamina.layers.ActivationLayer;
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
import org.lamina.onnx.proto.OnnxProto.AttributeProto;
import org.lamina.onnx.proto.OnnxProto.GraphProto;
import org.lamina.onnx.proto.OnnxProto.ModelProto;
import org.lamina.onnx.proto.OnnxProto.NodeProto;
import org.lamina.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.lamina.onnx.proto.OnnxProto.TensorProto;
import org.lamina.onnx.proto.OnnxProto.TensorShapeProto;
import org.lamina.onnx.proto.OnnxProto.TypeProto;
import org.lamina.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Lamina to ONNX: a network with its parameter values as an ONNX model (opset {@value #OPSET}) that
 * ONNX Runtime and PyTorch's ONNX tools run. Values are named after the Lamina nodes, initializers
 * after the parameters ({@code conv1.weight}); the batch dimension is free ({@code batch}). Inference
 * only: dropout is left out and batch norm uses its running statistics. A layer type without an ONNX
 * counterpart (a plugin's own layer) is refused, naming the node and the type.
 */
public final class OnnxExport {
    public static final int OPSET = 13;
    /** IR version 7 (ONNX 1.8): what opset 13 needs, and read by every ONNX Runtime since 1.6. */
    static final int IR_VERSION = 7;

    private final Network net;
    private final Map<String, SafeTensors.Entry> values;
    private final GraphProto.Builder graph = GraphProto.newBuilder();

    private OnnxExport(Network net, Map<String, SafeTensors.Entry> values) {
        this.net = net;
        this.values = values;
    }

    /**
     * The ONNX model of {@code net} with {@code values} (every parameter by full name, as a checkpoint
     * or {@code Model.snapshot()} holds them).
     *
     * @throws IllegalArgumentException naming the node of a layer ONNX export does not cover, or a
     *     parameter that is missing or mis-shaped
     */
    public static ModelProto model(Network net, Map<String, SafeTensors.Entry> values) {
        return new OnnxExport(net, values).build();
    }

    /** Writes {@link #model} to {@code file}. */
    public static void write(Network net, Map<String, SafeTensors.Entry> values, Path file) throws IOException {
        OnnxFile.write(model(net, values), file);
    }

    private ModelProto build() {
        graph.setName(net.name());
        for (Network.NodeInfo n : net.nodes()) {
            if (n.isInput()) {
                graph.addInput(valueInfo(n.name(), n.shape()));
            } else {
                for (ParamSpec p : n.params()) {
                    initializer(n, p);
                }
                node(n, n.layer(), n.inputs(), n.name());
            }
        }
        for (String out : net.outputs()) {
            graph.addOutput(valueInfo(out, net.node(out).shape()));
        }
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Lamina").setProducerVersion("0.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    /** Emits the ONNX nodes of one Lamina layer, reading {@code inputs}, writing value {@code out}. */
    private void node(Network.NodeInfo n, Layer layer, List<String> inputs, String out) {
        String in = inputs.get(0);
        String w = n.name() + ".weight", b = n.name() + ".bias";
        boolean hasBias = n.params().stream().anyMatch(p -> p.name().equals("bias"));
        if (layer instanceof Fused f) {
            String pre = out + ".pre";
            node(n, f.base(), inputs, pre);
            activation(n, f.activation(), pre, out);
        } else if (layer instanceof ActivationLayer a) {
            activation(n, a.activation(), in, out);
        } else if (layer instanceof Conv2dLayer c) {
            ConvParams p = c.params();
            int[] ws = values.get(w).shape();
            NodeProto.Builder nb = op(c.isTransposed() ? "ConvTranspose" : "Conv", out, hasBias ? List.of(in, w, b)
                    : List.of(in, w)).addAttribute(ints("kernel_shape", ws[2], ws[3]))
                    .addAttribute(ints("strides", p.strideH(), p.strideW()))
                    .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
                    .addAttribute(ints("dilations", p.dilationH(), p.dilationW()))
                    .addAttribute(integer("group", p.groups()));
            if (c.isTransposed()) {
                nb.addAttribute(ints("output_padding", p.outputPadH(), p.outputPadW()));
            }
            graph.addNode(nb);
        } else if (layer instanceof DenseLayer) {
            graph.addNode(op("Gemm", out, hasBias ? List.of(in, w, b) : List.of(in, w))
                    .addAttribute(integer("transB", 1)));
        } else if (layer instanceof PoolLayer pl) {
            PoolParams p = pl.params();
            NodeProto.Builder nb = op(pl.isMax() ? "MaxPool" : "AveragePool", out, List.of(in))
                    .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
                    .addAttribute(ints("strides", p.strideH(), p.strideW()))
                    .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
                    .addAttribute(integer("ceil_mode", p.ceilMode() ? 1 : 0));
            if (!pl.isMax()) {
                nb.addAttribute(integer("count_include_pad", pl.countIncludePad() ? 1 : 0));
            }
            graph.addNode(nb);
        } else if (layer instanceof AdaptiveAvgPoolLayer ap) {
            int[] size = ap.outputSize(), inShape = net.node(in).shape();
            if (size[0] == 1 && size[1] == 1) {
                graph.addNode(op("GlobalAveragePool", out, List.of(in)));
            } else if (inShape[1] % size[0] == 0 && inShape[2] % size[1] == 0) {
                // Windows that tile the input exactly: the adaptive pool is a plain average pool.
                int kh = inShape[1] / size[0], kw = inShape[2] / size[1];
                graph.addNode(op("AveragePool", out, List.of(in)).addAttribute(ints("kernel_shape", kh, kw))
                        .addAttribute(ints("strides", kh, kw)));
            } else {
                throw refuse(n, "adaptive average pooling from " + inShape[1] + "x" + inShape[2] + " to " + size[0]
                        + "x" + size[1] + " (windows of different sizes, which ONNX has no operator for)");
            }
        } else if (layer instanceof LocalResponseNormLayer l) {
            LocalResponseNormParams p = l.params();
            graph.addNode(op("LRN", out, List.of(in)).addAttribute(integer("size", p.size()))
                    .addAttribute(number("alpha", p.alpha())).addAttribute(number("beta", p.beta()))
                    .addAttribute(number("bias", p.k())));
        } else if (layer instanceof BatchNormLayer bn) {
            String base = n.name() + ".";
            graph.addNode(op("BatchNormalization", out, List.of(in, base + "weight", base + "bias",
                    base + "running_mean", base + "running_var")).addAttribute(number("epsilon", bn.op().eps()))
                    .addAttribute(number("momentum", 1 - bn.op().momentum())));
        } else if (layer instanceof FlattenLayer) {
            graph.addNode(op("Flatten", out, List.of(in)).addAttribute(integer("axis", 1)));
        } else if (layer instanceof ReshapeLayer r) {
            int[] s = r.shape();
            long[] shape = new long[s.length + 1]; // 0: the batch, copied from the input
            for (int i = 0; i < s.length; i++) {
                shape[i + 1] = s[i];
            }
            String shapeName = out + ".shape";
            graph.addInitializer(TensorProto.newBuilder().setName(shapeName).addDims(shape.length)
                    .setDataType(TensorProto.DataType.INT64_VALUE).setRawData(longs(shape)));
            graph.addNode(op("Reshape", out, List.of(in, shapeName)));
        } else if (layer instanceof AddLayer) {
            graph.addNode(op("Add", out, inputs));
        } else if (layer instanceof ConcatLayer) {
            graph.addNode(op("Concat", out, inputs).addAttribute(integer("axis", 1)));
        } else if (layer instanceof SoftmaxLayer s) {
            graph.addNode(op(s.isLog() ? "LogSoftmax" : "Softmax", out, List.of(in)).addAttribute(integer("axis", 1)));
        } else if (layer instanceof DropoutLayer) {
            graph.addNode(op("Identity", out, List.of(in))); // inference: dropout passes values through
        } else {
            throw refuse(n, "a " + layer.type() + " layer");
        }
    }

    private void activation(Network.NodeInfo n, Activation a, String in, String out) {
        NodeProto.Builder nb = switch (a.function()) {
            // The visualization rules change only the backward pass: forward they are ReLUs.
            case RELU, GUIDED_RELU, DECONVNET_RELU -> op("Relu", out, List.of(in));
            case LEAKY_RELU -> op("LeakyRelu", out, List.of(in)).addAttribute(number("alpha", a.param()));
            case ELU -> op("Elu", out, List.of(in)).addAttribute(number("alpha", a.param()));
            case SIGMOID -> op("Sigmoid", out, List.of(in));
            case TANH -> op("Tanh", out, List.of(in));
            case RELU6 -> throw refuse(n, "a relu6 activation (ONNX Clip takes its bounds as inputs; not exported yet)");
        };
        graph.addNode(nb);
    }

    private IllegalArgumentException refuse(Network.NodeInfo n, String what) {
        return new IllegalArgumentException("network " + net.name() + ": node " + n.name() + " is " + what
                + ", which Lamina does not export to ONNX");
    }

    private void initializer(Network.NodeInfo n, ParamSpec p) {
        String name = n.paramName(p);
        SafeTensors.Entry e = values.get(name);
        if (e == null) {
            throw new IllegalArgumentException("network " + net.name() + ": no value for parameter " + name);
        }
        if (!Arrays.equals(e.shape(), p.shape())) {
            throw new IllegalArgumentException("network " + net.name() + ": parameter " + name + " has shape "
                    + Arrays.toString(e.shape()) + " but the layer needs " + Arrays.toString(p.shape()));
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int d : e.shape()) {
            t.addDims(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(e.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(e.values());
        graph.addInitializer(t.setRawData(ByteString.copyFrom(buf.array())));
    }

    private static ValueInfoProto valueInfo(String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private static NodeProto.Builder op(String type, String out, List<String> inputs) {
        return NodeProto.newBuilder().setOpType(type).setName(out).addAllInput(new ArrayList<>(inputs)).addOutput(out);
    }

    private static AttributeProto ints(String name, int... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto number(String name, double v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) v)
                .build();
    }

    private static ByteString longs(long[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(v);
        return ByteString.copyFrom(buf.array());
    }
}
