package org.lamina.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.exec.Model;
import org.lamina.tensor.Tensor;

/**
 * A training checkpoint in the safetensors format: the model's parameters under their PyTorch-style
 * names ({@code conv1.weight}), the optimizer's state under {@value #OPTIMIZER_PREFIX}, and what is
 * needed to resume or to predict (architecture, dataset, epoch, step, class names, normalization) as
 * string metadata. Written atomically: a crash while saving leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    /** Prefix of optimizer-state tensors, chosen so that it cannot clash with a parameter name. */
    public static final String OPTIMIZER_PREFIX = "__optimizer__.";
    public static final String FORMAT = "lamina.checkpoint";

    private final Path file;
    private final SafeTensors.Contents contents;

    private Checkpoint(Path file, SafeTensors.Contents contents) {
        this.file = file;
        this.contents = contents;
    }

    /** Saves {@code model}, {@code optimizerState} (may be empty) and {@code metadata} to {@code file}. */
    public static void write(Path file, Model model, Map<String, Tensor> optimizerState, Map<String, String> metadata) {
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>(model.snapshot());
        optimizerState.forEach((k, v) -> tensors.put(OPTIMIZER_PREFIX + k, new SafeTensors.Entry(v.dims(), v.toArray())));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        try {
            SafeTensors.write(file, tensors, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the file is missing, truncated or corrupt, naming it
     */
    public static Checkpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint " + file + " does not exist");
        }
        return new Checkpoint(file, SafeTensors.read(file));
    }

    public Path file() {
        return file;
    }

    /** A metadata value, or {@code fallback}. */
    public String meta(String key, String fallback) {
        return contents.metadata().getOrDefault(key, fallback);
    }

    /**
     * @throws IllegalArgumentException naming the file and key when it is absent
     */
    public String meta(String key) {
        String v = contents.metadata().get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint " + file + " has no '" + key + "' (not written by Lamina's "
                    + "trainer?)");
        }
        return v;
    }

    public Map<String, String> metadata() {
        return contents.metadata();
    }

    /** The model's tensors (everything but optimizer state). */
    public Map<String, SafeTensors.Entry> parameters() {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> {
            if (!k.startsWith(OPTIMIZER_PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The optimizer's tensors, prefix removed. */
    public Map<String, SafeTensors.Entry> optimizerState() {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER_PREFIX)) {
                out.put(k.substring(OPTIMIZER_PREFIX.length()), v);
            }
        });
        return out;
    }

    /** Loads the parameters into {@code model}, checking every name and shape. */
    public void loadInto(Model model) {
        model.load(parameters(), "checkpoint " + file);
    }
}
