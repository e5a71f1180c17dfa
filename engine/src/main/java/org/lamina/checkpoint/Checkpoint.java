package org.lamina.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.exec.Model;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/**
 * A training checkpoint in the safetensors format: the model's parameters under their PyTorch-style
 * names ({@code conv1.weight}), the optimizer's state under {@value #OPTIMIZER_PREFIX}, and what is
 * needed to resume or to predict (architecture, dataset, epoch, step, class names, normalization) as
 * string metadata, under the keys of {@link Metadata}. Written atomically: a crash while saving leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    /** Prefix of optimizer-state tensors, chosen so that it cannot clash with a parameter name. */
    public static final String OPTIMIZER_PREFIX = "__optimizer__.";
    public static final String FORMAT = "lamina.checkpoint";
    /** Metadata: how many optimizer tensors were saved, so that a checkpoint stripped of them is noticed. */
    public static final String OPTIMIZER_TENSORS = "optimizer_tensors";

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
        meta.put(Metadata.FORMAT, FORMAT);
        meta.put(OPTIMIZER_TENSORS, Integer.toString(optimizerState.size()));
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
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("checkpoint " + file + " is a folder, not a checkpoint file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("checkpoint " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            // a device, a pipe, a socket: reading it would block or return nothing a checkpoint holds
            throw new IllegalArgumentException("checkpoint " + file + " is not a regular file");
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

    /**
     * A metadata value that counts something (an epoch, a step): a whole number, 0 or more.
     *
     * @throws IllegalArgumentException naming the file, the key and the value otherwise
     */
    public int count(String key) {
        String v = meta(key);
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, v, "is not a whole number of 0 or more");
    }

    /**
     * A metadata list of sizes ({@code input_shape=1,28,28}, {@code classes=10}): whole numbers of 1 or more.
     *
     * @throws IllegalArgumentException naming the file, the key and the value otherwise
     */
    public int[] sizes(String key) {
        String v = meta(key);
        String[] parts = v.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
            if (out[i] < 1) {
                throw bad(key, v, "is not a list of sizes (whole numbers of 1 or more, separated by commas)");
            }
        }
        return out;
    }

    /**
     * A metadata list of finite numbers ({@code normalization_mean=0.1307}).
     *
     * @throws IllegalArgumentException naming the file, the key and the value otherwise
     */
    public float[] numbers(String key) {
        String v = meta(key);
        String[] parts = v.split(",", -1);
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                out[i] = Float.NaN;
            }
            if (!Float.isFinite(out[i])) {
                throw bad(key, v, "is not a list of numbers separated by commas");
            }
        }
        return out;
    }

    /**
     * A metadata JSON array of strings ({@code class_names=["0","1"]}) with at least {@code atLeast} of them.
     *
     * @throws IllegalArgumentException naming the file, the key and the value otherwise
     */
    public List<String> names(String key, int atLeast) {
        String v = meta(key);
        List<String> out = new ArrayList<>();
        try {
            JsonElement json = JsonParser.parseString(v);
            if (json.isJsonArray()) {
                for (JsonElement e : json.getAsJsonArray()) {
                    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                        throw bad(key, v, "is not a JSON array of names");
                    }
                    out.add(e.getAsString());
                }
            } else {
                throw bad(key, v, "is not a JSON array of names");
            }
        } catch (JsonParseException e) {
            throw bad(key, v, "is not a JSON array of names");
        }
        if (out.size() < atLeast) {
            throw bad(key, v, "has " + out.size() + " names but the model has " + atLeast + " classes");
        }
        return out;
    }

    /**
     * A metadata list of {@code key=value} options ({@code architecture_options=activation=tanh}),
     * empty when absent.
     *
     * @throws IllegalArgumentException naming the file, the key and the value otherwise
     */
    public Options options(String key) {
        String v = meta(key, "");
        try {
            return Options.parse(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "is not a list of key=value options (" + e.getMessage() + ")");
        }
    }

    /** An error naming the file, the key and its value, which {@code what} describes. */
    IllegalArgumentException bad(String key, String what) {
        return bad(key, meta(key), what);
    }

    private IllegalArgumentException bad(String key, String value, String what) {
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        return new IllegalArgumentException("checkpoint " + file + ": metadata " + key + "='" + shown + "' " + what);
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

    /**
     * Whether optimizer state was saved but is not in the file (stripped by a tool, say): resuming
     * then restarts momentum and averages from zero. Checkpoints from before the count say nothing.
     */
    public boolean optimizerStateMissing() {
        String saved = meta(OPTIMIZER_TENSORS, null);
        if (saved == null) {
            return false;
        }
        return count(OPTIMIZER_TENSORS) > 0 && optimizerState().isEmpty();
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

    /**
     * Checks that every parameter and optimizer value is finite: a run that diverged, or a damaged
     * file, would otherwise predict "NaN%" or train on garbage.
     *
     * @throws IllegalArgumentException naming the file, the tensor, the index and the value
     */
    public Checkpoint requireFinite() {
        contents.tensors().forEach((name, t) -> {
            float[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException("checkpoint " + file + ": tensor " + name + " holds " + v[i]
                            + " at index " + i + " (a diverged run or a damaged file)");
                }
            }
        });
        return this;
    }

    /** Loads the parameters into {@code model}, checking every name and shape. */
    public void loadInto(Model model) {
        model.load(parameters(), "checkpoint " + file);
    }
}
