package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.java.JavaBackend;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.onnx.proto.OnnxProto.AttributeProto;
import org.lamina.onnx.proto.OnnxProto.ModelProto;
import org.lamina.onnx.proto.OnnxProto.NodeProto;
import org.lamina.plugins.architectures.LeNet5;
import org.lamina.spi.Options;

/** What is wrong with a file or a model is one line naming the file (and the node and operator). */
class ImportErrorsTest {
    @TempDir
    Path dir;

    private Path lenet() throws IOException {
        Network net = new LeNet5().build(new int[] {1, 28, 28}, 10, Options.empty());
        Path f = dir.resolve("lenet.onnx");
        try (Model m = new Model(net, new JavaBackend(), 1)) {
            OnnxExport.write(net, m.snapshot(), f);
        }
        return f;
    }

    private String error(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(file));
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path write(String name, ModelProto m) throws IOException {
        Path f = dir.resolve(name);
        OnnxFile.write(m, f);
        return f;
    }

    @Test
    void missingEmptyTruncatedAndForeignFiles() throws IOException {
        assertEquals(dir.resolve("none.onnx") + " does not exist", error(dir.resolve("none.onnx")));
        assertEquals(dir + " is a folder, not an ONNX model", error(dir));
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertEquals(empty + " is empty, not an ONNX model", error(empty));
        Path text = Files.writeString(dir.resolve("text.onnx"), "this is not a model at all, just words\n");
        assertTrue(error(text).startsWith(text + " is not an ONNX model"), error(text));
        byte[] whole = Files.readAllBytes(lenet());
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertTrue(error(cut).startsWith(cut + " is not an ONNX model (truncated"), error(cut));
    }

    @Test
    void anOperatorLaminaDoesNotImportIsNamedWithItsNode() throws IOException {
        ModelProto m = OnnxFile.read(lenet());
        ModelProto.Builder b = m.toBuilder();
        NodeProto relu = b.getGraph().getNode(1);
        assertEquals("Relu", relu.getOpType());
        b.getGraphBuilder().setNode(1, relu.toBuilder().setOpType("HardSwish").setName("act1"));
        Path f = write("hardswish.onnx", b.build());
        String msg = error(f);
        assertTrue(msg.startsWith(f + ": node 'act1' (HardSwish, #1) uses operator HardSwish, which Lamina does not"
                + " import (it imports Conv, ConvTranspose, MaxPool"), msg);
    }

    @Test
    void attributesLaminaCannotHonourAreNamed() throws IOException {
        ModelProto m = OnnxFile.read(lenet());
        ModelProto.Builder b = m.toBuilder();
        NodeProto conv = b.getGraph().getNode(0);
        NodeProto.Builder nb = conv.toBuilder();
        for (int i = 0; i < nb.getAttributeCount(); i++) {
            if (nb.getAttribute(i).getName().equals("pads")) {
                nb.setAttribute(i, AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(List.of(2L, 2L, 1L, 1L)));
            }
        }
        b.getGraphBuilder().setNode(0, nb);
        Path f = write("pads.onnx", b.build());
        assertEquals(f + ": node '" + conv.getName() + "' (Conv, #0) has pads [2, 2, 1, 1] (top, left, bottom, right)"
                + " that differ at the two ends; Lamina imports the same padding on both sides", error(f));

        ModelProto.Builder noWeight = m.toBuilder();
        noWeight.getGraphBuilder().removeInitializer(0);
        Path g = write("noweight.onnx", noWeight.build());
        assertTrue(error(g).startsWith(g + ": node '" + conv.getName() + "' (Conv, #0) computes its weight"), error(g));
    }

    @Test
    void aLayersOwnCheckIsNamedWithTheFileAndNode() throws IOException {
        // found by OnnxImportFuzzTest: the layer's check did not say which file or node
        ModelProto.Builder b = OnnxFile.read(lenet()).toBuilder();
        int relu = -1;
        for (int i = 0; i < b.getGraph().getNodeCount() && relu < 0; i++) {
            relu = b.getGraph().getNode(i).getOpType().equals("Relu") ? i : -1;
        }
        assertTrue(relu >= 0, "LeNet-5's export has a Relu");
        NodeProto leaky = b.getGraph().getNode(relu).toBuilder().setOpType("LeakyRelu")
                .addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
                        .setF(-1.6f))
                .build();
        b.getGraphBuilder().setNode(relu, leaky);
        Path f = write("leaky.onnx", b.build());
        String e = error(f);
        assertTrue(e.startsWith(f + ": node '" + leaky.getName() + "' (LeakyRelu, #" + relu + ") cannot be imported: "), e);
        assertTrue(e.contains("-1.6"), e);
    }

    @Test
    void aNodeWithTooFewInputsIsNamed() throws IOException {
        // found by OnnxImportFuzzTest's long run: Add with one input, Identity with none
        ModelProto m = OnnxFile.read(lenet());
        ModelProto.Builder b = m.toBuilder();
        NodeProto conv = b.getGraph().getNode(0);
        b.getGraphBuilder().setNode(0, conv.toBuilder().clearInput().addInput(conv.getInput(0)));
        Path f = write("conv-one-input.onnx", b.build());
        assertEquals(f + ": node '" + conv.getName() + "' (Conv, #0) has 1 input(s); Conv takes at least 2", error(f));

        ModelProto.Builder c = m.toBuilder();
        c.getGraphBuilder().setNode(0, conv.toBuilder().setOpType("Identity").clearInput().clearAttribute());
        Path g = write("identity-no-input.onnx", c.build());
        assertEquals(g + ": node '" + conv.getName() + "' (Identity, #0) has 0 input(s); Identity takes at least 1",
                error(g));
    }

    @Test
    void aGraphThatLaminaCanReadIsImportedWithItsWeights() throws IOException {
        ImportedModel m = OnnxImport.read(lenet());
        assertArrayEquals(new int[] {1, 28, 28}, m.inputShape());
        assertEquals(10, m.outputSize());
        assertEquals(m.network().parameters().size(), m.weights().size());
    }

    private static void assertArrayEquals(int[] a, int[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
