package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.backend.java.JavaBackend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.layers.DropoutLayer;
import org.lamina.onnx.proto.OnnxProto.AttributeProto;
import org.lamina.onnx.proto.OnnxProto.GraphProto;
import org.lamina.onnx.proto.OnnxProto.ModelProto;
import org.lamina.onnx.proto.OnnxProto.NodeProto;
import org.lamina.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.lamina.onnx.proto.OnnxProto.TensorProto;
import org.lamina.onnx.proto.OnnxProto.TensorShapeProto;
import org.lamina.onnx.proto.OnnxProto.TypeProto;
import org.lamina.onnx.proto.OnnxProto.ValueInfoProto;
import org.lamina.tensor.Tensor;

/**
 * Operators that torch.onnx.export leaves out of eval-mode models (Dropout) or writes rarely
 * (Identity, Gemm with alpha, beta and an untransposed weight, a Reshape with 0 and -1), in a graph
 * written by hand: y = Dropout(Identity(Gemm(x, B, C; alpha 2, beta 0.5))) reshaped to [2, 1] and back.
 */
class HandWrittenGraphTest {

    static TensorProto floats(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static ValueInfoProto value(String name, int features) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("n"))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features))))).build();
    }

    @Test
    void gemmIdentityDropoutAndReshape() {
        float[] b = {1, 2, 3, 4, 5, 6}; // [3 in, 2 out], not transposed
        GraphProto g = GraphProto.newBuilder().setName("hand")
                .addInput(value("x", 3)).addOutput(value("y", 2))
                .addInitializer(floats("B", b, 3, 2)).addInitializer(floats("C", new float[] {10, 20}, 2))
                .addInitializer(floats("ratio", new float[] {0.25f}))
                .addInitializer(TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(3).addAllInt64Data(List.of(0L, -1L, 1L)))
                .addInitializer(TensorProto.newBuilder().setName("flat").setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(2).addAllInt64Data(List.of(-1L, 2L)))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").setName("fc").addInput("x").addInput("B").addInput("C")
                        .addOutput("h").addAttribute(AttributeProto.newBuilder().setName("alpha").setF(2)
                                .setType(AttributeProto.AttributeType.FLOAT))
                        .addAttribute(AttributeProto.newBuilder().setName("beta").setF(0.5f)
                                .setType(AttributeProto.AttributeType.FLOAT)))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("h").addOutput("i"))
                .addNode(NodeProto.newBuilder().setOpType("Dropout").setName("drop").addInput("i").addInput("ratio")
                        .addOutput("d"))
                .addNode(NodeProto.newBuilder().setOpType("Reshape").setName("r").addInput("d").addInput("shape")
                        .addOutput("r"))
                .addNode(NodeProto.newBuilder().setOpType("Reshape").setName("back").addInput("r").addInput("flat")
                        .addOutput("y"))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder()
                .setVersion(13)).setGraph(g).build();
        ImportedModel imported = OnnxImport.translate(OnnxFile.parse("hand.onnx", m.toByteArray()), "hand.onnx", true);
        assertTrue(imported.network().nodes().stream().anyMatch(n -> n.layer() instanceof DropoutLayer d
                && d.p() == 0.25), imported.network().nodes().toString());
        assertEquals("reshape", imported.network().node("r").layer().type());
        float[] x = {1, -1, 2};
        try (Model model = imported.model(new JavaBackend()); Tensor t = model.backend().tensor(x, 1, 3)) {
            Map<String, Tensor> out = new Executor(model).infer(Map.of("x", t));
            // 2 * x B + 0.5 C = 2 * (1 - 3 + 10, 2 - 4 + 12) + (5, 10)
            assertArrayEquals(new float[] {21, 30}, out.get("back").toArray());
        }
    }
}
