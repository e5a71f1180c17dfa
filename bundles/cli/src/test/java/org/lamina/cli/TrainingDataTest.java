package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lamina train} meeting data that does not suit the run (issue 16 leftovers): images of another
 * size than the checkpoint's on {@code --resume}, images an architecture cannot take, and a test split
 * far larger than {@code --limit}. Each is caught when the dataset is loaded, before any training.
 */
class TrainingDataTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 64, 32, 5);
    }

    static CommandLineTest.Run train(Path dataDir, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", dataDir.toString(),
                "--out", out.toString(), "--device", "java", "--no-progress", "--batch-size", "32"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    private static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("lamina: " + line, r.err().strip(), "one line, no stack trace");
    }

    /** An IDX file of {@code n} images of {@code h x w} (blank), claiming {@code claim} in its header; gzipped. */
    static void images(Path file, int claim, int n, int h, int w) throws IOException {
        try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(file))) {
            z.write(header(0x803, claim, h, w));
            byte[] image = new byte[h * w];
            for (int i = 0; i < n; i++) {
                z.write(image);
            }
        }
    }

    static void labels(Path file, int claim, int n) throws IOException {
        try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(file))) {
            z.write(header(0x801, claim));
            for (int i = 0; i < n; i++) {
                z.write(i % SyntheticDigits.CLASSES);
            }
        }
    }

    private static byte[] header(int magic, int... dims) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int v : concat(magic, dims)) {
            b.write(v >>> 24);
            b.write(v >>> 16);
            b.write(v >>> 8);
            b.write(v);
        }
        return b.toByteArray();
    }

    private static int[] concat(int first, int... rest) {
        int[] r = new int[rest.length + 1];
        r[0] = first;
        System.arraycopy(rest, 0, r, 1, rest.length);
        return r;
    }

    @Test
    void resumingOnImagesOfAnotherSizeNamesTheDataAndBothSizes(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        CommandLineTest.Run first = train(data, run, "--epochs", "1");
        assertEquals(0, first.status(), first.out() + first.err());
        Path small = Files.createDirectories(dir.resolve("small"));
        for (String split : new String[] {"train", "t10k"}) {
            images(small.resolve(split + "-images-idx3-ubyte.gz"), 32, 32, 14, 14);
            labels(small.resolve(split + "-labels-idx1-ubyte.gz"), 32, 32);
        }
        byte[] kept = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        CommandLineTest.Run r = train(small, run, "--resume", "--epochs", "2");
        refused(r, "--resume: " + run.resolve("checkpoint.safetensors") + " was trained on 1x28x28 images of 10"
                + " classes, but mnist in " + small + " holds 1x14x14 images of 10 classes");
        assertArrayEquals(kept, Files.readAllBytes(run.resolve("checkpoint.safetensors")));
    }

    @Test
    void anArchitectureThatCannotTakeTheImagesNamesTheDataAndTheirSize(@TempDir Path dir) {
        CommandLineTest.Run r = train(data, dir.resolve("run"), "--arch", "alexnet", "--arch-options", "stem=imagenet",
                "--epochs", "1");
        assertEquals(2, r.status(), r.out() + r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("lamina: --arch alexnet --arch-options stem=imagenet cannot take the 1x28x28"
                + " images of mnist in " + data + ": graph alexnet: node "), line);
        assertTrue(line.contains("is larger than the padded input"), line);
        assertFalse(Files.exists(dir.resolve("run").resolve("checkpoint.safetensors")));
        // an option the architecture does not know is its own error, not the images'
        r = train(data, dir.resolve("run"), "--arch-options", "nosuch=1", "--epochs", "1");
        refused(r, "lenet5: unknown option [nosuch]; it takes [variant]");
    }

    @Test
    void aLimitBoundsTheTestSplitOfAHugeFile(@TempDir Path dir) throws IOException {
        // a test split of 200,000 images (157 MB) claiming 2,000,000 (1.6 GB): only the first 16 are read
        Path huge = Files.createDirectories(dir.resolve("huge"));
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}) {
            Files.copy(data.resolve(f), huge.resolve(f));
        }
        images(huge.resolve("t10k-images-idx3-ubyte.gz"), 2_000_000, 200_000, 28, 28);
        labels(huge.resolve("t10k-labels-idx1-ubyte.gz"), 2_000_000, 200_000);
        CommandLineTest.Run r = train(huge, dir.resolve("run"), "--limit", "16", "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("Training lenet5 on mnist (16 images, 10 classes; tested on the first 16 test"
                + " images) on "), r.out());
    }

    @Test
    void badScheduleOptionsAreRefusedBeforeTheDataIsRead(@TempDir Path dir) {
        Path nowhere = dir.resolve("no-data"); // never read: the options are refused first
        CommandLineTest.Run r = train(nowhere, dir.resolve("run"), "--schedule", "step", "--schedule-options",
                "step_size=0");
        assertEquals("", r.out(), "nothing before the error");
        refused(r, "step schedule: step_size 0 and gamma 0.1 must be positive");
        r = train(nowhere, dir.resolve("run"), "--schedule-options", "step_size=3");
        refused(r, "constant: unknown option [step_size]; it takes []");
    }

    /** A gzipped IDX file: {@code magic} (type and dimension count), the dimensions, then {@code payload}. */
    static void idx(Path file, int magic, int[] dims, byte[] payload) throws IOException {
        try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(file))) {
            z.write(header(magic, dims));
            z.write(payload);
        }
    }

    /** Damaged or unsuitable dataset files, each named with the byte where the problem is. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "labels fewer than images | train-labels-idx1-ubyte.gz at byte 4: 60 labels for the 64 images of @DIR/train-images-idx3-ubyte.gz",
        "a label beyond the classes | train-labels-idx1-ubyte.gz at byte 8: label 200 is not below the 10 classes",
        "another element type | train-images-idx3-ubyte.gz at byte 2: element type 0x12 is not supported (only unsigned bytes, 0x08)",
        "images of two dimensions | train-images-idx3-ubyte.gz at byte 3: image file must have 3 dimensions (count, rows, columns), has [64, 784]",
        "float labels | train-labels-idx1-ubyte.gz at byte 2: element type 0x0d is not supported (only unsigned bytes, 0x08)",
        "no images at all | train-images-idx3-ubyte.gz at byte 4: dimension 0 is 0",
        "plain text named .gz | train-images-idx3-ubyte.gz at byte 0: not an IDX file: magic number 706c6169 does not start with two zero bytes"})
    void damagedDatasetFilesAreNamedWithTheByteAndTheProblem(String damage, String line, @TempDir Path dir)
            throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 64 : 32;
            idx(dir.resolve(split + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, 28, 28}, new byte[n * 784]);
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            idx(dir.resolve(split + "-labels-idx1-ubyte.gz"), 0x801, new int[] {n}, labels);
        }
        Path images = dir.resolve("train-images-idx3-ubyte.gz"), labels = dir.resolve("train-labels-idx1-ubyte.gz");
        switch (damage) {
            case "labels fewer than images" -> idx(labels, 0x801, new int[] {60}, new byte[60]);
            case "a label beyond the classes" -> idx(labels, 0x801, new int[] {64}, filled(64, 200));
            case "another element type" -> idx(images, 0x1203, new int[] {64, 28, 28}, new byte[64 * 784]);
            case "images of two dimensions" -> idx(images, 0x802, new int[] {64, 784}, new byte[64 * 784]);
            case "float labels" -> idx(labels, 0x0D01, new int[] {64}, new byte[64 * 4]);
            case "no images at all" -> {
                idx(images, 0x803, new int[] {0, 28, 28}, new byte[0]);
                idx(labels, 0x801, new int[] {0}, new byte[0]);
            }
            case "plain text named .gz" -> Files.writeString(images, "plain text, not gzip at all");
            default -> fail(damage);
        }
        CommandLineTest.Run r = train(dir, dir.resolve("run"), "--epochs", "1");
        refused(r, dir + "/" + line.replace("@DIR", dir.toString()));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
