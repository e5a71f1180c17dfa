package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes {@code lamina import}'s reading of a model file: the protobuf, then the translation of its
 * graph (operators, attributes, initializers, shapes) into a Lamina network with its weights, as
 * {@link OnnxImport#read} does for the command. The seeds are small graphs that use every operator
 * the importer knows, and one it refuses.
 */
class OnnxImportFuzzTest {
    private static final Path DIR = UserErrors.scratch("onnx");

    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = UserErrors.write(DIR.resolve("model.onnx"), bytes);
        ImportedModel model = UserErrors.resultOrUserError(file, () -> OnnxImport.read(file));
        if (model == null) {
            return;
        }
        for (int d : model.inputShape()) {
            assertTrue(d > 0, "input dimension " + d);
        }
        for (var e : model.weights().entrySet()) {
            SafeTensors.Entry t = e.getValue();
            long n = 1;
            for (int d : t.shape()) {
                assertTrue(d >= 0, e.getKey() + " dimension " + d);
                n *= d;
            }
            assertEquals(n, t.values().length, e.getKey());
        }
    }
}
