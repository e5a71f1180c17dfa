package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.opencl.OpenClTests;

/**
 * The training workflow on the command line: a class-per-folder dataset of PNG images, a
 * validation split with early stopping and the test set kept for the end, --init and the
 * geometric and colour augmentations, on the OpenCL device.
 */
class TrainingWorkflowTest {
    static final String[] CLASSES = {"band-a", "band-b", "band-c", "band-d"};

    @TempDir
    static Path shared;
    static Path folder;

    /** SyntheticDigits' images as PNG files in PATH/train/<class>/ and PATH/test/<class>/; some larger. */
    @BeforeAll
    static void dataset() throws IOException {
        folder = shared.resolve("bands");
        Random rnd = new Random(3);
        for (String split : new String[] {"train", "test"}) {
            int n = split.equals("train") ? 480 : 96;
            for (int i = 0; i < n; i++) {
                int k = i % CLASSES.length;
                byte[] px = SyntheticDigits.image(k, rnd);
                // every tenth image twice the size: --image-size brings it back to 28x28
                int scale = i % 10 == 9 ? 2 : 1;
                BufferedImage img = new BufferedImage(28 * scale, 28 * scale, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 28 * scale; y++) {
                    for (int x = 0; x < 28 * scale; x++) {
                        img.getRaster().setSample(x, y, 0, px[(y / scale) * 28 + x / scale] & 0xff);
                    }
                }
                Path f = folder.resolve(split).resolve(CLASSES[k]).resolve(String.format("%04d.png", i));
                Files.createDirectories(f.getParent());
                ImageIO.write(img, "png", f.toFile());
            }
        }
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "folder:" + folder, "--image-size", "28x28",
                "--out", out.toString(), "--device", Integer.toString(OpenClTests.device().index()), "--no-progress",
                "--batch-size", "32", "--tensorboard", "none"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void validatesEachEpochAndTestsTheBestEpochOnce(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--epochs", "3", "--val-split", "0.2", "--init", "kaiming",
                "--augment", "rotate=10,zoom=0.1,brightness=0.2,contrast=0.2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(384 images, 4 classes; 96 held out for validation)"), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("log.csv"));
        assertEquals(4, csv.size(), "header and three epochs");
        assertTrue(csv.get(0).endsWith(",val_loss,val_top1,val_top5"), csv.get(0));
        double[] valLoss = new double[4];
        for (String row : csv.subList(1, 4)) {
            String[] f = row.split(",", -1);
            assertEquals("", f[5], "no test loss during training: " + row);
            assertEquals("", f[6]);
            valLoss[Integer.parseInt(f[0])] = Double.parseDouble(f[12]);
        }
        assertTrue(Double.parseDouble(csv.get(3).split(",")[13]) > 0.9, "the bands are learned: " + csv.get(3));
        // the best epoch's checkpoint (the log rounds to 6 decimals: ties are possible), tested once
        Checkpoint best = Checkpoint.read(dir.resolve("best.safetensors"));
        int bestEpoch = Integer.parseInt(best.meta("epoch"));
        for (int e = 1; e <= 3; e++) {
            assertTrue(valLoss[bestEpoch] <= valLoss[e], "epoch " + bestEpoch + " is not the best: " + csv);
        }
        List<String> test = Files.readAllLines(dir.resolve("test.csv"));
        assertEquals("epoch,test_loss,test_top1,test_top5", test.get(0));
        assertTrue(test.get(1).startsWith(bestEpoch + ","), test.get(1));
        double acc = Double.parseDouble(test.get(1).split(",")[2]);
        assertTrue(acc > 0.9, test.get(1));
        String line = r.out().lines().filter(l -> l.startsWith("Test accuracy")).findFirst().orElseThrow();
        assertTrue(line.contains("of epoch " + bestEpoch) && line.contains("tested once"), line);
        Checkpoint last = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertEquals("3", last.meta("epoch"));
        assertEquals("[\"band-a\",\"band-b\",\"band-c\",\"band-d\"]", last.meta("class_names"));
        assertEquals("he_normal", last.meta("weight_init"));
        assertEquals("96", last.meta("validation_images"));
        // predict names the folder's classes: a class-c image
        Path png = dir.resolve("c.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = SyntheticDigits.image(2, new Random(11));
        for (int i = 0; i < 28 * 28; i++) {
            img.getRaster().setSample(i % 28, i / 28, 0, px[i] & 0xff);
        }
        ImageIO.write(img, "png", png.toFile());
        CommandLineTest.Run p = CommandLineTest.run("predict", "--checkpoint", dir.resolve("best.safetensors").toString(),
                "--input", png.toString(), "--device", "java");
        assertEquals(0, p.status(), p.out() + p.err());
        assertTrue(p.out().startsWith("c.png: band-c ("), p.out());
    }

    @Test
    void stopsEarlyAndResumesWithTheSameSplit(@TempDir Path dir) throws IOException {
        // a min delta no epoch can beat: the first epoch stays the best, the second runs out of patience
        Path stop = dir.resolve("stop");
        CommandLineTest.Run r = train(stop, "--epochs", "5", "--val-split", "96", "--early-stop", "1",
                "--early-stop-min-delta", "100");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Early stop after epoch 2: val_loss has not improved by more than 100.0 for 1"
                + " epochs"), r.out());
        assertEquals(3, Files.readAllLines(stop.resolve("log.csv")).size());
        assertEquals("1", Checkpoint.read(stop.resolve("best.safetensors")).meta("epoch"));
        assertTrue(Files.readAllLines(stop.resolve("test.csv")).get(1).startsWith("1,"));
        // resuming a stopped run trains no further
        r = train(stop, "--epochs", "5", "--val-split", "96", "--early-stop", "1", "--early-stop-min-delta", "100",
                "--resume");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(3, Files.readAllLines(stop.resolve("log.csv")).size(), r.out());
        assertTrue(r.out().contains("Early stop after epoch 2"), r.out());

        // an interrupted run resumed equals an uninterrupted one, validation and augmentation included
        Path straight = dir.resolve("straight"), cut = dir.resolve("cut");
        String[] opts = {"--val-split", "0.25", "--early-stop-metric", "val_top1", "--augment", "rotate=15,zoom=0.9:1.1"};
        assertEquals(0, train(straight, concat(opts, "--epochs", "2")).status());
        assertEquals(0, train(cut, concat(opts, "--epochs", "1")).status());
        r = train(cut, concat(opts, "--epochs", "2", "--resume"));
        assertEquals(0, r.status(), r.out() + r.err());
        Map<String, SafeTensors.Entry> a = SafeTensors.read(straight.resolve("checkpoint.safetensors")).tensors();
        Map<String, SafeTensors.Entry> b = SafeTensors.read(cut.resolve("checkpoint.safetensors")).tensors();
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), k + " differs after resuming");
        }
        assertEquals(Files.readAllLines(straight.resolve("test.csv")), Files.readAllLines(cut.resolve("test.csv")));
        // another split is refused
        r = train(cut, "--epochs", "3", "--resume", "--val-split", "0.3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--val-split 0.25, not 0.3"), r.err());
        r = train(cut, "--epochs", "3", "--resume", "--val-split", "0.25", "--seed", "9");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("validation images drawn now differ"), r.err());
    }

    @Test
    void clearErrors(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--init", "lecun");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--init: unknown initializer 'lecun'") && r.err().contains("kaiming-normal"),
                r.err());
        r = train(dir, "--early-stop", "3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--early-stop needs --val-split"), r.err());
        r = train(dir, "--val-split", "1.5");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--val-split: validation split '1.5'"), r.err());
        r = train(dir, "--augment", "saturation=0.3", "--epochs", "1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("saturation needs RGB images"), r.err());
        r = train(dir, "--augment", "rotate=200");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("rotate=200"), r.err());
        // without --image-size the twice-as-large images are named
        r = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--out", dir.toString(), "--no-progress",
                "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("56x56") && r.err().contains("--image-size"), r.err());
        // a folder without test images needs a validation split
        Path one = dir.resolve("one");
        Files.createDirectories(one.resolve("a"));
        Files.createDirectories(one.resolve("b"));
        Files.copy(Files.list(folder.resolve("train/band-a")).sorted().findFirst().orElseThrow(), one.resolve("a/1.png"));
        Files.copy(Files.list(folder.resolve("train/band-b")).sorted().findFirst().orElseThrow(), one.resolve("b/1.png"));
        r = CommandLineTest.run("train", "--dataset", "folder:" + one, "--out", dir.resolve("o").toString(),
                "--no-progress", "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("has no test folder; give --val-split"), r.err());
        Files.writeString(one.resolve("b/2.png"), "not a png");
        r = CommandLineTest.run("train", "--dataset", "folder:" + one, "--val-split", "1", "--out",
                dir.resolve("o").toString(), "--no-progress", "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains(one.resolve("b/2.png").toString()), r.err());
        r = CommandLineTest.run("train", "--image-size", "32x32", "--out", dir.resolve("o").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--image-size is for folder datasets"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(new String[0]);
    }
}
