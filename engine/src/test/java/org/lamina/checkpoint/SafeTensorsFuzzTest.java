package org.lamina.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the checkpoint reader (safetensors: length, JSON header, tensor data) and then every
 * metadata field that {@code predict} and {@code train --resume} read, as they read them.
 */
class SafeTensorsFuzzTest {
    private static final Path DIR = UserErrors.scratch("safetensors");

    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = UserErrors.write(DIR.resolve("checkpoint.safetensors"), bytes);
        Checkpoint c = UserErrors.resultOrUserError(file, () -> Checkpoint.read(file));
        if (c == null) {
            return;
        }
        c.parameters().forEach((name, t) -> {
            long n = 1;
            for (int d : t.shape()) {
                n *= d;
            }
            assertEquals(n, t.values().length, name);
        });
        CheckpointMetadataFuzzTest.readEveryField(c, file);
    }
}
