package org.lamina.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.graph.Network;
import org.lamina.onnx.proto.OnnxProto.GraphProto;
import org.lamina.onnx.proto.OnnxProto.ModelProto;
import org.lamina.onnx.proto.OnnxProto.TensorProto;

/**
 * ONNX to Lamina:
 *
 * <pre>{@code
 * ImportedModel m = OnnxImport.read(Path.of("resnet18.onnx"));
 * try (Backend b = Backends.open(null); Model model = m.model(b)) {
 *     Map<String, Tensor> out = new Executor(model).infer(Map.of(m.network().inputs().get(0), x));
 * }
 * }</pre>
 *
 * The operators imported are listed in docs/onnx.md; any other is refused naming the operator and
 * the node. Every error is an {@link IllegalArgumentException} of one line naming the file.
 */
public final class OnnxImport {
    /** The file, beside an imported checkpoint, holding the ONNX graph without its weights. */
    public static final String GRAPH_FILE = "graph.onnx";

    private OnnxImport() {
    }

    /** Reads an ONNX file into a network with its weights. */
    public static ImportedModel read(Path file) {
        return translate(OnnxFile.read(file), file.toString(), true);
    }

    /**
     * Parses and imports the bytes of an ONNX file, weights included: the one entry point for untrusted
     * bytes (a fuzzer's target). Everything wrong with them is an {@link IllegalArgumentException}
     * naming {@code source}.
     */
    public static ImportedModel fromBytes(String source, byte[] bytes) {
        return translate(OnnxFile.parse(source, bytes), source, true);
    }

    /** Converts a parsed model; {@code source} names it in errors. */
    public static ImportedModel translate(ModelProto model, String source, boolean withWeights) {
        GraphTranslator.Result r = new GraphTranslator(model, source, withWeights).translate();
        return new ImportedModel(r.network(), r.weights(), r.inputShape());
    }

    /** The network of an ONNX file (weights read for their shapes only). */
    public static Network network(Path file) {
        return translate(OnnxFile.read(file), file.toString(), false).network();
    }

    /**
     * The model without the values of its float initializers (their shapes kept): what Lamina needs to
     * rebuild the network of a checkpoint, a few kilobytes where the weights are megabytes.
     */
    public static ModelProto structure(ModelProto model) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE || t.getDataType() == TensorProto.DataType.DOUBLE_VALUE) {
                g.setInitializer(i, t.toBuilder().clearRawData().clearFloatData().clearDoubleData());
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    /**
     * Imports {@code onnxFile} into the run folder {@code dir}: {@value #GRAPH_FILE} (the structure) and
     * a checkpoint ({@code checkpoint.safetensors}) that {@code lamina predict} runs and
     * {@code lamina train --resume} fine-tunes, its architecture {@code onnx} with option
     * {@code model=DIR/graph.onnx}. Nothing is written when the model cannot be imported.
     *
     * @param metadata what the checkpoint says besides (dataset, class names, normalization), given the
     *     imported model; the architecture, shapes and counters are added here
     * @return the imported model
     */
    public static ImportedModel importTo(Path onnxFile, Path dir,
            Function<ImportedModel, Map<String, String>> metadata) throws IOException {
        ModelProto model = OnnxFile.read(onnxFile);
        ImportedModel imported = translate(model, onnxFile.toString(), true);
        Map<String, String> meta = new LinkedHashMap<>(metadata.apply(imported));
        Path graph = dir.resolve(GRAPH_FILE).toAbsolutePath().normalize();
        OnnxFile.write(structure(model), graph);
        // the options as written, not parsed: the graph's path is the value whole
        meta.put(Metadata.ARCHITECTURE, OnnxArchitecture.NAME);
        meta.put(Metadata.ARCHITECTURE_OPTIONS, OnnxArchitecture.MODEL_OPTION + "=" + graph);
        meta.put(Metadata.INPUT_SHAPE, Metadata.join(imported.inputShape()));
        meta.put(Metadata.CLASSES, Integer.toString(imported.outputSize()));
        new Metadata.Progress(0, 0).into(meta);
        meta.put(Metadata.IMPORTED_FROM, onnxFile.getFileName().toString());
        meta.put(Metadata.FORMAT, Checkpoint.FORMAT);
        meta.put(Checkpoint.OPTIMIZER_TENSORS, "0");
        SafeTensors.write(checkpointFile(dir), imported.weights(), meta);
        return imported;
    }

    /** The checkpoint {@link #importTo} writes in {@code dir} (where {@code lamina train} keeps its own). */
    public static Path checkpointFile(Path dir) {
        return dir.resolve("checkpoint.safetensors");
    }
}
