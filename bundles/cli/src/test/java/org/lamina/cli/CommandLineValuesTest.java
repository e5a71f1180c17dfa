package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;

/**
 * Values and checkpoint fields a user gets wrong: each is one line naming the option or the file and
 * field, with the value, a non-zero exit, and nothing printed before it.
 */
class CommandLineValuesTest {
    @TempDir
    static Path shared;
    static Path ckpt;
    static Path png;
    static Path data;

    static CommandLineTest.Run train(Path out, String... extra) {
        return TrainedRun.train(data, out, extra);
    }

    @BeforeAll
    static void trainedCheckpoint() throws IOException {
        TrainedRun run = TrainedRun.create(shared, 128, 64, 3);
        data = run.data();
        ckpt = run.checkpoint();
        png = run.png();
    }

    private static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: " + line, r.err().strip());
    }

    @Test
    void trainingValuesThatWouldBeIgnoredAreRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        refused(train(out, "--limit", "0"),
                "--limit: 0 is not a number of images (give 1 or more, or leave --limit out to train on all)");
        refused(train(out, "--limit", "-10"),
                "--limit: -10 is not a number of images (give 1 or more, or leave --limit out to train on all)");
        refused(train(out, "--l2", "-1"),
                "--l2: -1.0 is not a strength (give 0 for none, or more)");
        refused(train(out, "--l1", "NaN"),
                "--l1: NaN is not a strength (give 0 for none, or more)");
        refused(train(out, "--max-norm", "-1"),
                "--max-norm: -1.0 is not a strength (give 0 for none, or more)");
        refused(train(out, "--epochs", "0"),
                "--epochs: 0 is not a number of epochs (give 1 or more)");
        refused(CommandLineTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--out", out.toString(),
                "--device", "java", "--batch-size", "-1"),
                "--batch-size: -1 is not a batch size (give 1 or more)");
        refused(train(out, "--lr", "-0.1"),
                "--lr: -0.1 is not a learning rate (give a positive number)");
        refused(train(out, "--augment", "crop=-1"),
                "--augment: crop=-1 is negative (the padding, in pixels, of the random crop)");
        refused(train(out, "--augment", "flip=1.5"),
                "--augment: flip=1.5 is not a probability (0 to 1)");
        refused(train(out, "--augment", "mixup=-1"),
                "--augment: mixup=-1.0 is not an alpha (0 or more)");
        assertFalse(Files.exists(out), "a refused run makes no folder");
        // the image size is known once the dataset is read: refused then, before any training
        CommandLineTest.Run crop = train(out, "--augment", "crop=100000");
        assertEquals(2, crop.status(), crop.out() + crop.err());
        assertEquals("lamina: --augment: crop=100000 is not smaller than the 28x28 images of mnist", crop.err().strip());
        assertFalse(crop.out().contains("Training"), crop.out());
        assertFalse(Files.exists(out), "the folder made for the refused run is gone again");
    }

    @Test
    void anEmptyOutIsRefusedNotTheCurrentFolder() {
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data",
                data.toString(), "--out", "", "--device", "java", "--no-progress");
        refused(r, "--out: '' is not a folder name (leave --out out for runs/lenet5-mnist)");
        assertFalse(Files.exists(Path.of("checkpoint.safetensors")));
    }

    @Test
    void aFileAsOutIsNamedAsAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "the user's");
        refused(train(file, "--epochs", "1"), "--out " + file + " is a file, not a folder");
        assertEquals("the user's", Files.readString(file));
    }

    @Test
    void summaryNamesABadInputShapeOrClassCount() {
        for (String shape : new String[] {"1,abc", "1,28", "1,0,28", "1,28,28,3", ""}) {
            refused(CommandLineTest.run("summary", "--arch", "lenet5", "--input", shape),
                    "--input: '" + shape + "' is not an input shape C,H,W (three whole numbers of 1 or more)");
        }
        refused(CommandLineTest.run("summary", "--arch", "lenet5", "--classes", "0"),
                "--classes: 0 is not a number of classes (give 1 or more)");
    }

    @Test
    void predictRefusesANegativeTop() {
        refused(CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", png.toString(), "--device",
                "java", "--top", "-3"), "--top: -3 is not a number of classes to list (give 1 or more)");
        CommandLineTest.Run ok = CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input",
                png.toString(), "--device", "java", "--top", "2");
        assertEquals(0, ok.status(), ok.out() + ok.err());
        assertEquals(3, ok.out().strip().lines().count(), ok.out());
    }

    /** The trained checkpoint with {@code key=value} in its metadata. */
    private static Path withMeta(Path dir, String key, String value) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put(key, value);
        Path f = dir.resolve("edited.safetensors");
        SafeTensors.write(f, c.tensors(), meta);
        return f;
    }

    private static CommandLineTest.Run predict(Path checkpoint) {
        return CommandLineTest.run("predict", "--checkpoint", checkpoint.toString(), "--input", png.toString(),
                "--device", "java");
    }

    @Test
    void predictNamesTheCheckpointFieldAndValueOfMalformedMetadata(@TempDir Path dir) throws IOException {
        String[][] cases = {
            {"class_names", "not a list", "is not a JSON array of names"},
            {"class_names", "{\"0\":\"zero\"}", "is not a JSON array of names"},
            {"class_names", "[0,1,2,3,4,5,6,7,8,9]", "is not a JSON array of names"},
            {"class_names", "[\"0\",\"1\",\"2\"]", "has 3 names but the model has 10 classes"},
            {"input_shape", "1,abc", "is not a list of sizes (whole numbers of 1 or more, separated by commas)"},
            {"classes", "ten", "is not a list of sizes (whole numbers of 1 or more, separated by commas)"},
            {"normalization_mean", "0.1,x", "is not a list of numbers separated by commas"},
            {"normalization_std", "0", "has a deviation that is not positive"},
        };
        for (String[] c : cases) {
            Path f = withMeta(dir, c[0], c[1]);
            refused(predict(f), "checkpoint " + f + ": metadata " + c[0] + "='" + c[1] + "' " + c[2]);
        }
    }

    @Test
    void predictRefusesNonFiniteWeights(@TempDir Path dir) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>(c.tensors());
        float[] w = tensors.get("fc3.bias").values().clone();
        w[3] = Float.NaN;
        tensors.put("fc3.bias", new SafeTensors.Entry(tensors.get("fc3.bias").shape(), w));
        Path f = dir.resolve("nan.safetensors");
        SafeTensors.write(f, tensors, c.metadata());
        refused(predict(f), "checkpoint " + f + ": tensor fc3.bias holds NaN at index 3 (a diverged run or a damaged"
                + " file)");
    }

    @Test
    void resumeWithOtherArchitectureOptionsIsRefused(@TempDir Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(ckpt, run.resolve("checkpoint.safetensors"));
        refused(train(run, "--epochs", "2", "--resume", "--arch-options", "variant=tanh"), "--resume: "
                + run.resolve("checkpoint.safetensors") + " was trained with --arch-options '', not 'variant=tanh';"
                + " resume with --arch-options '' or start afresh");
    }

    @Test
    void outFreshTrainsBesideAFolderThatHoldsARun(@TempDir Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(ckpt, run.resolve("checkpoint.safetensors"));
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        CommandLineTest.Run r = train(run, "--epochs", "1", "--limit", "32", "--out-fresh");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("note: " + run + " is in use or holds a run; training in " + dir.resolve("run-2")
                + "\n"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("run-2").resolve("checkpoint.safetensors")));
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint.safetensors")), "the run is untouched");
        refused(train(run, "--epochs", "2", "--out-fresh", "--resume"),
                "--out-fresh and --resume: a fresh folder has no run to resume; give one of them");
    }

    @Test
    void resumingACheckpointStrippedOfItsOptimizerStateSaysSo(@TempDir Path dir) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, SafeTensors.Entry> model = new LinkedHashMap<>(c.tensors());
        model.keySet().removeIf(k -> k.startsWith(Checkpoint.OPTIMIZER_PREFIX));
        int stripped = c.tensors().size() - model.size();
        assertTrue(stripped > 0, "SGD with momentum saved its buffers");
        assertEquals(Integer.toString(stripped), c.metadata().get("optimizer_tensors"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Path f = run.resolve("checkpoint.safetensors");
        SafeTensors.write(f, model, c.metadata());
        CommandLineTest.Run r = train(run, "--epochs", "2", "--resume");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Resuming after epoch 1 of " + f + "\nnote: " + f + " was saved with " + stripped
                + " optimizer tensors but holds none; the optimizer's state (momentum, averages) starts from zero\n"),
                r.out());
        CommandLineTest.Run whole = train(run, "--epochs", "3", "--resume");
        assertEquals(0, whole.status(), whole.out() + whole.err());
        assertFalse(whole.out().contains("note:"), "a whole checkpoint resumes without a note: " + whole.out());
    }

    @Test
    void foldersInPlaceOfFilesAreNamedAsFolders(@TempDir Path dir) {
        refused(CommandLineTest.run("predict", "--checkpoint", dir.toString(), "--input", png.toString(), "--device",
                "java"), "checkpoint " + dir + " is a folder, not a checkpoint file");
        refused(CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", dir.toString(), "--device",
                "java"), "predict: --input " + dir + " is a folder, not an image file");
    }

    /** Issue 16 item 8: a truncated image names the file instead of printing ImageIO's bare text. */
    @Test
    void aTruncatedPngNamesTheFile(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(png);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(whole, 40));
        CommandLineTest.Run r = CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input",
                cut.toString(), "--device", "java");
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().strip().startsWith("lamina: predict: --input " + cut + " is truncated or corrupt ("),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** Issue 16 item 8: a folder where an IDX file belongs, and training images of another size than the test's. */
    @Test
    void datasetFilesThatAreFoldersOrOfAnotherSizeAreNamed(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        for (String f : new String[] {"train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(data.resolve(f), folder.resolve(f));
        }
        Path images = Files.createDirectories(folder.resolve("train-images-idx3-ubyte.gz"));
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", folder.toString(),
                "--out", dir.resolve("run").toString(), "--device", "java", "--no-progress");
        refused(r, images + " is a folder, not an IDX file (mnist needs the file train-images-idx3-ubyte[.gz] there)");

        Path small = Files.createDirectories(dir.resolve("small"));
        for (String f : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(data.resolve(f), small.resolve(f));
        }
        Path trainImages = small.resolve("train-images-idx3-ubyte");
        // 128 images of 14x14 with the 128 labels of the synthetic set
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 8, 3, 0, 0, 0, (byte) 128, 0, 0, 0, 14, 0, 0, 0, 14});
        b.writeBytes(new byte[128 * 14 * 14]);
        Files.write(trainImages, b.toByteArray());
        Files.copy(data.resolve("train-labels-idx1-ubyte.gz"), small.resolve("train-labels-idx1-ubyte.gz"));
        r = CommandLineTest.run("train", "--dataset", "mnist", "--data", small.toString(), "--out",
                dir.resolve("run2").toString(), "--device", "java", "--no-progress");
        refused(r, trainImages + " at byte 8: holds 14x14 images but " + small.resolve("t10k-images-idx3-ubyte.gz")
                + " holds 28x28; training and test images must be the same size");
    }

    @Test
    void resumeNamesAMalformedEpoch(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Path f = withMeta(dir, "epoch", "-3");
        Files.copy(f, run.resolve("checkpoint.safetensors"));
        refused(train(run, "--epochs", "2", "--resume"), "checkpoint "
                + run.resolve("checkpoint.safetensors") + ": metadata epoch='-3' is not a whole number of 0 or more");
    }
}
