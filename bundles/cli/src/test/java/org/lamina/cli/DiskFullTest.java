package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;

/**
 * A disk that fills up during a training: the run folder is a 900 KiB tmpfs, where LeNet-5's first
 * checkpoint (about 490 KiB with its momentum), log and curves fit, and a second checkpoint's temporary
 * file does not. The training stops with one line, exit status 2, epoch 1's checkpoint and log kept and
 * no temporary file left. Mounting needs root (CI runs as root); elsewhere the test is skipped, saying why.
 */
class DiskFullTest {
    @Test
    void aFullDiskStopsTheRunWithOneLineAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 32, 16, 17);
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", disk.toString()) == 0,
                "cannot mount a tmpfs here (needs root and mount rights); the full disk is not tried");
        try {
            Path out = disk.resolve("run");
            CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", data.toString(),
                    "--out", out.toString(), "--device", "java", "--no-progress", "--epochs", "3");
            assertEquals(2, r.status(), r.out() + r.err());
            assertEquals("lamina: writing checkpoint " + out.resolve("checkpoint.safetensors")
                    + ": No space left on device\n", r.err());
            assertEquals(1, Checkpoint.read(out.resolve("checkpoint.safetensors")).count("epoch"));
            assertEquals(2, Files.readAllLines(out.resolve("log.csv")).size(), "the header and epoch 1");
            try (var files = Files.list(out)) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                        "the temporary file of the failed write is removed");
            }
        } finally {
            assertEquals(0, run("umount", disk.toString()));
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
