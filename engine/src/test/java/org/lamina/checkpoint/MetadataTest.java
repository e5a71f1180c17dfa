package org.lamina.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.spi.Options;

/** The typed metadata written and read back, old checkpoints' keys, and errors naming the file and key. */
class MetadataTest {
    private static Checkpoint with(Path dir, Map<String, String> meta) throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, Map.of("w", new SafeTensors.Entry(new int[] {1}, new float[] {1})), meta);
        return Checkpoint.read(f);
    }

    @Test
    void whatIsWrittenReadsBack(@TempDir Path dir) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        new Metadata.Build("lenet5", Options.parse("activation=tanh"), new int[] {1, 28, 28}, 10).into(meta);
        new Metadata.Data("mnist", List.of("a", "b"), new float[] {0.1307f}, new float[] {0.3081f}).into(meta);
        new Metadata.Progress(3, 1407).into(meta);
        Checkpoint c = with(dir, meta);
        Metadata.Build b = Metadata.Build.of(c);
        assertEquals("lenet5", b.architecture());
        assertEquals("activation=tanh", b.options().toString());
        assertArrayEquals(new int[] {1, 28, 28}, b.inputShape());
        assertEquals(10, b.classes());
        Metadata.Data d = Metadata.Data.of(c, 2);
        assertEquals("mnist", d.dataset());
        assertEquals(List.of("a", "b"), d.classNames());
        assertArrayEquals(new float[] {0.1307f}, d.mean());
        assertArrayEquals(new float[] {0.3081f}, d.std());
        assertEquals(new Metadata.Progress(3, 1407), Metadata.Progress.of(c));
    }

    /** The literal keys of checkpoints written before the keys had names in code. */
    @Test
    void anOldCheckpointStillReads(@TempDir Path dir) throws IOException {
        Checkpoint c = with(dir, Map.of("architecture", "lenet5", "input_shape", "1,28,28", "classes", "10",
                "epoch", "2", "step", "10"));
        Metadata.Build b = Metadata.Build.of(c);
        assertEquals("", b.options().toString(), "no architecture_options: none");
        assertEquals(10, b.classes());
        assertEquals(new Metadata.Progress(2, 10), Metadata.Progress.of(c));
    }

    @Test
    void aBadValueNamesTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Checkpoint c = with(dir, Map.of("architecture", "lenet5", "input_shape", "1,28,28", "classes", "10,2"));
        var e = assertThrows(IllegalArgumentException.class, () -> Metadata.Build.of(c));
        assertEquals("checkpoint " + dir.resolve("m.safetensors") + ": metadata classes='10,2' is not one number",
                e.getMessage());
        Checkpoint p = with(dir, Map.of("epoch", "2", "step", "x"));
        e = assertThrows(IllegalArgumentException.class, () -> Metadata.Progress.of(p));
        assertEquals("checkpoint " + dir.resolve("m.safetensors") + ": metadata step='x' is not a whole number of 0 or"
                + " more", e.getMessage());
    }
}
