package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.java.JavaBackend;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.plugins.architectures.ResNet18;
import org.lamina.spi.Options;

/** The onnx architecture rebuilds an imported network from its weightless graph.onnx. */
class OnnxArchitectureTest {

    @Test
    void rebuildsTheNetworkFromTheGraphWithoutWeights(@TempDir Path dir) throws IOException {
        Network net = new ResNet18().build(new int[] {3, 32, 32}, 10, Options.empty());
        Path full = dir.resolve("resnet.onnx"), graph = dir.resolve("graph.onnx");
        try (Model m = new Model(net, new JavaBackend(), 1)) {
            OnnxExport.write(net, m.snapshot(), full);
        }
        OnnxFile.write(OnnxImport.structure(OnnxFile.read(full)), graph);
        assertTrue(Files.size(graph) * 100 < Files.size(full), Files.size(graph) + " bytes");

        Options options = Options.parse("model=" + graph);
        Network rebuilt = new OnnxArchitecture().build(new int[] {3, 32, 32}, 10, options);
        assertEquals(net.parameters().stream().map(p -> p.name() + Arrays.toString(p.spec().shape())).toList(),
                rebuilt.parameters().stream().map(p -> p.name() + Arrays.toString(p.spec().shape())).toList());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxArchitecture().build(new int[] {1, 28, 28}, 10, options));
        assertEquals("onnx: " + graph + " takes inputs of shape [3, 32, 32], not [1, 28, 28]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OnnxArchitecture().build(new int[] {3, 32, 32}, 100,
                options));
        assertEquals("onnx: " + graph + " has 10 outputs, not 100 classes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OnnxArchitecture().build(new int[] {3, 32, 32}, 10,
                Options.empty()));
        assertTrue(e.getMessage().startsWith("onnx: give the ONNX file as --arch-options model=FILE"), e.getMessage());
    }
}
