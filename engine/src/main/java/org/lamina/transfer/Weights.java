package org.lamina.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;

/**
 * The tensors of a weights file by name, as float32, with the dtype each had in the file: a
 * {@code state_dict} of PyTorch (torchvision, timm) saved with {@code safetensors.torch.save_file},
 * or a checkpoint of {@code lamina train} (its optimizer state left out).
 *
 * @param file where they were read
 * @param tensors name to values, in the file's order, after {@code prefix} was taken off
 * @param dtypes name to the dtype in the file ({@code F32}, {@code F16}, {@code BF16}, {@code F64}, {@code I64}...)
 * @param prefix what was taken off every name ({@code module.} of a model saved from
 *     {@code nn.DataParallel}), or empty
 */
public record Weights(Path file, Map<String, SafeTensors.Entry> tensors, Map<String, String> dtypes, String prefix) {

    /** What {@code nn.DataParallel} and {@code DistributedDataParallel} put before every name. */
    static final String DATA_PARALLEL = "module.";

    /**
     * @throws IllegalArgumentException naming the file: missing, a folder, not safetensors, a dtype
     *     that cannot be converted
     */
    public static Weights read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("weights " + file + " is a folder, not a safetensors file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("weights " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weights " + file + " is not a regular file");
        }
        SafeTensors.Converted c;
        try {
            c = SafeTensors.readConverting(file);
        } catch (IllegalArgumentException e) {
            // the reader speaks of checkpoints; these are weights
            String m = e.getMessage();
            String own = "checkpoint " + file;
            throw new IllegalArgumentException(m.startsWith(own) ? "weights " + file + m.substring(own.length()) : m, e);
        }
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        boolean allPrefixed = !c.contents().tensors().isEmpty();
        for (String name : c.contents().tensors().keySet()) {
            allPrefixed &= name.startsWith(DATA_PARALLEL) || name.startsWith(Checkpoint.OPTIMIZER_PREFIX);
        }
        String prefix = allPrefixed ? DATA_PARALLEL : "";
        c.contents().tensors().forEach((name, t) -> {
            if (name.startsWith(Checkpoint.OPTIMIZER_PREFIX)) {
                return; // a Lamina checkpoint's optimizer state: not weights
            }
            String key = name.substring(prefix.length());
            tensors.put(key, t);
            dtypes.put(key, c.dtypes().get(name));
        });
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("weights " + file + " holds no tensors");
        }
        return new Weights(file, tensors, dtypes, prefix);
    }
}
