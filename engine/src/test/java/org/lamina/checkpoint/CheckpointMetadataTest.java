package org.lamina.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint metadata as typed values: a malformed one names the file, the field and the value. */
class CheckpointMetadataTest {
    private static Checkpoint with(Path dir, Map<String, String> meta) throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, Map.of("w", new SafeTensors.Entry(new int[] {1}, new float[] {1})), meta);
        return Checkpoint.read(f);
    }

    private static void refused(Path dir, String key, String value, Runnable read, String problem) {
        var e = assertThrows(IllegalArgumentException.class, read::run, key + "=" + value);
        assertEquals("checkpoint " + dir.resolve("m.safetensors") + ": metadata " + key + "='" + value + "' " + problem,
                e.getMessage());
    }

    @Test
    void wellFormedValuesAreRead(@TempDir Path dir) throws IOException {
        Checkpoint c = with(dir, Map.of("epoch", "3", "input_shape", "1, 28,28", "mean", "0.5,-1e-3",
                "class_names", "[\"cat\",\"dog\"]"));
        assertEquals(3, c.count("epoch"));
        assertArrayEquals(new int[] {1, 28, 28}, c.sizes("input_shape"));
        assertArrayEquals(new float[] {0.5f, -1e-3f}, c.numbers("mean"));
        assertEquals(List.of("cat", "dog"), c.names("class_names", 2));
    }

    @Test
    void malformedValuesNameTheFileFieldAndValue(@TempDir Path dir) throws IOException {
        for (String epoch : new String[] {"-3", "three", "1.5", "99999999999", ""}) {
            Checkpoint c = with(dir, Map.of("epoch", epoch));
            refused(dir, "epoch", epoch, () -> c.count("epoch"), "is not a whole number of 0 or more");
        }
        for (String shape : new String[] {"1,abc", "1,,28", "1,0,28", "1,-28,28", "4294967297,1,1", "1.5"}) {
            Checkpoint c = with(dir, Map.of("input_shape", shape));
            refused(dir, "input_shape", shape, () -> c.sizes("input_shape"),
                    "is not a list of sizes (whole numbers of 1 or more, separated by commas)");
        }
        for (String mean : new String[] {"0.5,x", "NaN", "Infinity", ""}) {
            Checkpoint c = with(dir, Map.of("mean", mean));
            refused(dir, "mean", mean, () -> c.numbers("mean"), "is not a list of numbers separated by commas");
        }
        for (String names : new String[] {"not json", "{\"a\":1}", "[1,2,3]", "[[\"a\"]]", "\"a\"", "[\"a\""}) {
            Checkpoint c = with(dir, Map.of("class_names", names));
            refused(dir, "class_names", names, () -> c.names("class_names", 1), "is not a JSON array of names");
        }
        Checkpoint c = with(dir, Map.of("class_names", "[\"a\",\"b\"]"));
        refused(dir, "class_names", "[\"a\",\"b\"]", () -> c.names("class_names", 10),
                "has 2 names but the model has 10 classes");
    }
}
