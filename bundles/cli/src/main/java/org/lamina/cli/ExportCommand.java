package org.lamina.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.graph.Network;
import org.lamina.onnx.OnnxExport;
import org.lamina.registry.Registry;
import org.lamina.spi.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina export CHECKPOINT --out MODEL.onnx}: a checkpoint's network and weights as an ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a checkpoint's network with its weights to ONNX (opset 13) for ONNX Runtime, PyTorch's"
        + " ONNX tools and other frameworks (docs/onnx.md).")
final class ExportCommand implements Callable<Integer> {
    private final Registry registry;

    @Parameters(index = "0", paramLabel = "CHECKPOINT")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx")
    Path out;

    ExportCommand(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a folder; give the ONNX file to write");
        }
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        Metadata.Build build = Metadata.Build.of(ckpt);
        ckpt.requireFinite();
        Network net = registry.architecture(build.architecture()).build(build.inputShape(), build.classes(),
                build.options());
        try {
            OnnxExport.write(net, ckpt.parameters(), out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + ": " + e.getMessage());
        }
        String input = net.inputs().get(0), output = net.outputs().get(0);
        System.out.printf("Exported %s (%s) to %s: input '%s' [batch, %s], output '%s' [batch, %s]; %.1f MB.%n",
                net.name(), checkpoint.getFileName(), out, input, join(net.node(input).shape()), output,
                join(net.node(output).shape()), Files.size(out) / 1e6);
        return 0;
    }

    private static String join(int[] s) {
        return String.join(", ", Arrays.stream(s).mapToObj(Integer::toString).toList());
    }
}
