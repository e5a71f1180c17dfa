package org.lamina.cli;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lamina.checkpoint.Metadata;
import org.lamina.data.Datasets;
import org.lamina.onnx.ImportedModel;
import org.lamina.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina import MODEL.onnx --out DIR}: an ONNX model as a checkpoint that predict runs and train fine-tunes. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an ONNX model (from torch.onnx.export, say) into --out as a checkpoint that 'lamina predict'"
        + " runs and 'lamina train --resume' fine-tunes (docs/onnx.md).")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL.onnx")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for checkpoint.safetensors and"
            + " graph.onnx (the network without its weights).")
    Path out;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The dataset the model is for (fashion-mnist, mnist,"
            + " cifar-10), to fine-tune it with 'lamina train --dataset NAME --resume'. Default: none.")
    String dataset;

    @Option(names = "--mean", paramLabel = "M[,M...]", description = "Per-channel mean that 'lamina predict' subtracts"
            + " from pixel values in [0, 1] (ImageNet models: 0.485,0.456,0.406). Default: 0.")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S...]", description = "Per-channel deviation 'lamina predict' divides by"
            + " (ImageNet models: 0.229,0.224,0.225). Default: 1.")
    String std;

    @Option(names = "--class-names", paramLabel = "FILE", description = "Class names, one per line. Default: 0, 1, ...")
    Path classNames;

    @Override
    public Integer call() throws IOException {
        if (dataset != null && !Datasets.names().contains(dataset)) {
            throw new IllegalArgumentException("--dataset: '" + dataset + "' is not one of " + Datasets.names());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a file, not a folder");
        }
        if (Files.exists(OnnxImport.checkpointFile(out))) {
            throw new IllegalArgumentException("--out: " + out + " already holds a checkpoint; import into another folder");
        }
        List<String> names = classNames == null ? null : readNames(classNames);
        ImportedModel m = OnnxImport.importTo(model, out, imported -> metadata(imported, names));
        Path graph = out.resolve(OnnxImport.GRAPH_FILE).toAbsolutePath().normalize();
        System.out.printf("Imported %s: %d nodes, %,d parameters; input %s, %d outputs.%n", model.getFileName(),
                m.network().nodes().size(), m.network().trainableParameterCount(),
                Arrays.toString(m.inputShape()), m.outputSize());
        System.out.println("Checkpoint " + OnnxImport.checkpointFile(out) + " (network " + graph + ")");
        if (m.inputShape().length == 3) {
            System.out.println("  predict:   lamina predict --checkpoint " + OnnxImport.checkpointFile(out)
                    + " --input IMAGE");
        }
        System.out.println("  fine-tune: lamina train --arch onnx --arch-options model=" + graph + " --dataset "
                + (dataset != null ? dataset : "NAME") + " --out " + out + " --resume --epochs N"
                + (dataset != null ? "" : "   (after importing with --dataset NAME)"));
        return 0;
    }

    private Map<String, String> metadata(ImportedModel m, List<String> names) {
        int classes = m.outputSize();
        int channels = m.inputShape().length == 3 ? m.inputShape()[0] : 1;
        List<String> classNamesList = names;
        if (classNamesList == null) {
            classNamesList = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                classNamesList.add(Integer.toString(i));
            }
        } else if (classNamesList.size() != classes) {
            throw new IllegalArgumentException("--class-names: " + classNames + " has " + classNamesList.size()
                    + " names but " + model + " has " + classes + " outputs");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Metadata.DATASET, dataset != null ? dataset : "none");
        meta.put(Metadata.CLASS_NAMES, new Gson().toJson(classNamesList));
        meta.put(Metadata.NORMALIZATION_MEAN, perChannel("--mean", mean, channels, 0, false));
        meta.put(Metadata.NORMALIZATION_STD, perChannel("--std", std, channels, 1, true));
        return meta;
    }

    /** One number per channel (one given number is every channel's), checked. */
    private static String perChannel(String option, String text, int channels, float fallback, boolean positive) {
        String[] parts = text == null ? new String[] {Float.toString(fallback)} : text.split(",", -1);
        if (parts.length != 1 && parts.length != channels) {
            throw new IllegalArgumentException(option + ": '" + text + "' has " + parts.length + " values but the model's"
                    + " input has " + channels + " channels");
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < channels; c++) {
            String p = parts[parts.length == 1 ? 0 : c].strip();
            float v;
            try {
                v = Float.parseFloat(p);
            } catch (NumberFormatException e) {
                v = Float.NaN;
            }
            if (!Float.isFinite(v) || (positive && !(v > 0))) {
                throw new IllegalArgumentException(option + ": '" + p + "' is not " + (positive ? "a positive number"
                        : "a number"));
            }
            sb.append(c > 0 ? "," : "").append(v);
        }
        return sb.toString();
    }

    private static List<String> readNames(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--class-names: " + file + " does not exist");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
                .toList();
    }
}
