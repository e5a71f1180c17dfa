package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.opencl.OpenClTests;

/**
 * The example layer plugin on the plain class path, found by {@code ServiceLoader}: {@code lamina
 * train --arch lenet5-swish} learns the synthetic digits with the plugin's kernel, and its checkpoint
 * records the architecture and its options.
 */
class ExampleLayerCommandLineTest {

    @Test
    void lenet5SwishLearnsOnTheCommandLine(@TempDir Path dir) throws IOException {
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 768, 256, 5);
        Path out = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("train", "--arch", "lenet5-swish", "--arch-options", "impl=opencl",
                "--dataset", "mnist", "--data", data.toString(), "--out", out.toString(), "--device",
                Integer.toString(OpenClTests.device().index()), "--no-progress", "--batch-size", "32", "--epochs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        System.out.println(r.out());
        String last = r.out().lines().filter(l -> l.startsWith("Test accuracy")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(last.replaceAll("Test accuracy ([0-9.]+)%.*", "$1"));
        assertTrue(accuracy > 80, last);
        Checkpoint c = Checkpoint.read(out.resolve("checkpoint.safetensors"));
        assertEquals("lenet5-swish", c.meta("architecture"));
        assertEquals("impl=opencl", c.meta("architecture_options"));

        CommandLineTest.Run summary = CommandLineTest.run("summary", "--arch", "lenet5-swish");
        assertEquals(0, summary.status(), summary.err());
        assertEquals(4, summary.out().lines().filter(l -> l.matches("swish\\d +swish .*")).count(), summary.out());
    }

    /** {@code lamina verify} runs the plugin's reference cases (read from the plugin module's tests). */
    @Test
    void verifyRunsThePluginsReferenceCases() {
        Path cases = Path.of("..", "..", "plugins", "example-layer", "src", "test", "resources", "golden-swish");
        assertTrue(Files.isRegularFile(cases.resolve("index.json")), cases.toAbsolutePath().toString());
        for (String device : new String[] {"java", Integer.toString(OpenClTests.device().index())}) {
            CommandLineTest.Run r = CommandLineTest.run("verify", "--golden", cases.toString(), "--device", device);
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals(3, r.out().lines().filter(l -> l.matches("swish_\\S+ +swish .* PASS")).count(), r.out());
            assertTrue(r.out().contains("3 passed, 0 failed, 0 skipped"), r.out());
        }
    }
}
