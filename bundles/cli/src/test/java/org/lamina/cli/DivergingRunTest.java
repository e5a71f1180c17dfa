package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;

/**
 * A learning rate so large that one update leaves the parameters infinite: the step's loss is still
 * finite (it was computed before the update), the test after the epoch is not. Before: the epoch was
 * saved with NaN weights as "the last good checkpoint", which predict and --resume then refused.
 */
class DivergingRunTest {
    @Test
    void anEpochWhoseTestLossIsNotFiniteIsNotSavedAndTheLastGoodCheckpointStays(@TempDir Path dir) throws IOException {
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 32, 16, 9);
        Path run = dir.resolve("run");
        String[] common = {"train", "--dataset", "mnist", "--data", data.toString(), "--out", run.toString(),
            "--device", "java", "--no-progress", "--batch-size", "32"};
        CommandLineTest.Run fresh = CommandLineTest.run(concat(common, "--epochs", "1", "--lr", "1e308"));
        assertEquals(1, fresh.status(), fresh.out() + fresh.err());
        assertEquals("lamina: the test loss became NaN after epoch 1 (learning rate 1.0E308): the parameters are no"
                + " longer finite; training stopped and epoch 1 is not saved. No epoch completed, so there is no"
                + " checkpoint. Try a lower learning rate.\n", fresh.err());
        Path ckpt = run.resolve("checkpoint.safetensors");
        assertFalse(Files.exists(ckpt));

        CommandLineTest.Run good = CommandLineTest.run(concat(common, "--epochs", "1"));
        assertEquals(0, good.status(), good.out() + good.err());
        byte[] kept = Files.readAllBytes(ckpt);
        CommandLineTest.Run diverged = CommandLineTest.run(concat(common, "--epochs", "2", "--lr", "1e308",
                "--resume"));
        assertEquals(1, diverged.status(), diverged.out() + diverged.err());
        assertTrue(diverged.err().startsWith("lamina: the test loss became NaN after epoch 2 ("), diverged.err());
        assertTrue(diverged.err().endsWith("The last good checkpoint, from the end of epoch 1, is " + ckpt
                + ". Try a lower learning rate.\n"), diverged.err());
        assertArrayEquals(kept, Files.readAllBytes(ckpt), "the good checkpoint is not replaced");
        assertEquals(1, Checkpoint.read(ckpt).count("epoch"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
