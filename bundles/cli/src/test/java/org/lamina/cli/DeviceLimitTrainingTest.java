package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.opencl.DeviceProfile;
import org.lamina.opencl.OpenClTests;

/**
 * A training that meets a tensor larger than its device allocates at once stops with one line naming
 * the tensor and both sizes, exit status 2, and its last checkpoint as it was (issue 16). The device's
 * limit is lowered by a device profile ({@code LAMINA_DEVICE_PROFILE}, read from the environment, so
 * each training is a child JVM) to 4 MiB: LeNet-5's batches of 8 fit, a batch of 256 does not.
 */
class DeviceLimitTrainingTest {
    static final long LIMIT = 4L << 20;

    private static Path profile(Path dir, long maxAllocBytes) throws IOException {
        return Files.writeString(dir.resolve("alloc-" + maxAllocBytes + ".json"), """
                {"profile": "small-alloc", "name": "Small device", "vendor": "Test", "type": "cpu",
                 "computeUnits": 2, "clockMhz": 1000, "localMemDedicated": false, "localMemBytes": 65536,
                 "maxWorkGroupSize": 4096, "maxWorkItemSizes": [4096, 4096, 4096], "maxAllocBytes": %d,
                 "globalMemBytes": 4294967296, "preferredFloatVectorWidth": 8}
                """.formatted(maxAllocBytes));
    }

    private static CommandLineTest.Run train(Path dir, Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put(DeviceProfile.ENVIRONMENT_VARIABLE, profile.toString());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("training did not end: " + Files.readString(out) + Files.readString(err));
        }
        return new CommandLineTest.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aLargerBatchOnResumeStopsWithOneLineNamingTheTensorAndKeepsTheCheckpoint(@TempDir Path dir)
            throws Exception {
        String device = OpenClTests.device().name(); // skips without a device (fails with CI=true)
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 256, 64, 11);
        Path small = profile(dir, LIMIT);
        Path run = dir.resolve("run");
        String[] common = {"train", "--dataset", "mnist", "--data", data.toString(), "--out", run.toString(),
            "--device", "0", "--no-progress", "--limit", "256"};

        CommandLineTest.Run first = train(dir, small, concat(common, "--epochs", "1", "--batch-size", "8"));
        assertEquals(0, first.status(), first.out() + first.err());
        Path ckpt = run.resolve("checkpoint.safetensors");
        byte[] kept = Files.readAllBytes(ckpt);
        List<String> log = Files.readAllLines(run.resolve("log.csv"));

        CommandLineTest.Run bigger = train(dir, small, concat(common, "--epochs", "2", "--batch-size", "256",
                "--resume"));
        assertEquals(2, bigger.status(), bigger.out() + bigger.err());
        assertEquals("lamina: layer conv1 (conv2d+relu, forward, batch 256): a tensor of shape [256, 6, 28, 28] of"
                + " 4816896 bytes is larger than the " + LIMIT + " bytes Small device [profile on " + device + "]"
                + " allocates at once (CL_DEVICE_MAX_MEM_ALLOC_SIZE); train with a smaller --batch-size\n",
                bigger.err(), "one line, no stack trace");
        assertArrayEquals(kept, Files.readAllBytes(ckpt), "the checkpoint of epoch 1 is untouched");
        assertEquals(1, Checkpoint.read(ckpt).count("epoch"));
        assertEquals(log, Files.readAllLines(run.resolve("log.csv")));
        try (var files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no half-written file");
        }

        // the limit lowered between runs below a parameter's size: the parameter is named
        CommandLineTest.Run tiny = train(dir, profile(dir, 64 * 1024), concat(common, "--epochs", "2", "--batch-size",
                "8", "--resume"));
        assertEquals(2, tiny.status(), tiny.out() + tiny.err());
        assertEquals("lamina: parameter fc1.weight of lenet5: a tensor of shape [120, 400] of 192000 bytes is larger"
                + " than the 65536 bytes Small device [profile on " + device + "] allocates at once"
                + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE)\n", tiny.err());
        assertArrayEquals(kept, Files.readAllBytes(ckpt));

        CommandLineTest.Run resumed = train(dir, small, concat(common, "--epochs", "2", "--batch-size", "8",
                "--resume"));
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertEquals(2, Checkpoint.read(ckpt).count("epoch"), "the run goes on from the kept checkpoint");
    }

    @Test
    void anInputBatchTooLargeIsNamedAsTheInputBatch(@TempDir Path dir) throws Exception {
        String device = OpenClTests.device().name();
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 256, 64, 11);
        // 700,000 bytes: every parameter fits, a batch of 256 images (802,816 bytes) does not
        CommandLineTest.Run r = train(dir, profile(dir, 700_000), "train", "--dataset", "mnist", "--data",
                data.toString(), "--out", dir.resolve("run").toString(), "--device", "0", "--no-progress",
                "--epochs", "1", "--batch-size", "256");
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("lamina: training step 1 (epoch 1): the input batch of shape [256, 1, 28, 28] of 802816 bytes is"
                + " larger than the 700000 bytes Small device [profile on " + device + "] allocates at once"
                + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE); train with a smaller --batch-size\n", r.err());
        assertFalse(Files.exists(dir.resolve("run").resolve("checkpoint.safetensors")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
