package org.lamina.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the checkpoint's metadata (strings in the safetensors header: shapes, counts, numbers, the
 * JSON list of class names) in a file that is otherwise valid, so that the fuzzer spends its time on
 * the values rather than on the binary framing.
 */
class CheckpointMetadataFuzzTest {
    private static final Path DIR = UserErrors.scratch("metadata");
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        // the input is the metadata as lines of key=value, so that seeds are plain text
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq >= 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        meta.remove("__metadata__");
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", new SafeTensors.Entry(new int[] {2, 3}, new float[6]));
        Path file = DIR.resolve("checkpoint.safetensors");
        SafeTensors.write(file, tensors, meta);
        file.toFile().deleteOnExit();
        Checkpoint c = UserErrors.resultOrUserError(file, () -> Checkpoint.read(file));
        if (c != null) {
            readEveryField(c, file);
        }
    }

    /** Every field as {@code predict} and {@code train --resume} read it: a user error or a value. */
    static void readEveryField(Checkpoint c, Path file) throws Exception {
        UserErrors.resultOrUserError(file, () -> c.sizes("input_shape"));
        int[] classes = UserErrors.resultOrUserError(file, () -> c.sizes("classes"));
        int atLeast = classes != null && classes.length == 1 ? classes[0] : 0;
        UserErrors.resultOrUserError(file, () -> c.names("class_names", atLeast));
        UserErrors.resultOrUserError(file, () -> c.numbers("normalization_mean"));
        UserErrors.resultOrUserError(file, () -> c.numbers("normalization_std"));
        UserErrors.resultOrUserError(file, () -> c.count("epoch"));
        UserErrors.resultOrUserError(file, () -> c.count("step"));
        UserErrors.resultOrUserError(file, c::optimizerStateMissing);
        UserErrors.resultOrUserError(file, c::requireFinite);
        UserErrors.resultOrUserError(file, () -> c.meta("architecture"));
        UserErrors.resultOrUserError(file, () -> c.options("architecture_options"));
    }
}
