package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;

/**
 * {@code lamina train} for the dense tasks: U-Net segments and the autoencoder reconstructs by default,
 * with their measures in the epoch lines, the last line, {@code log.csv} and the checkpoint; options that
 * do not fit the task are refused with one line.
 */
class TrainingTasksTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 64, 32, 7);
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(), "--out",
                out.toString(), "--device", "java", "--no-progress", "--batch-size", "32", "--epochs", "1",
                "--tensorboard", "none"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void uNetSegmentsItemsFromTheirBackground(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("unet");
        CommandLineTest.Run r = train(out, "--arch", "unet", "--arch-options", "depth=2,base=4", "--optimizer", "adam",
                "--lr", "0.01");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(64 images, 2 classes)"), "background and item, not the digits' classes: "
                + r.out());
        assertTrue(r.out().contains("Test pixel accuracy "), r.out());
        assertTrue(r.out().contains("mean IoU "), r.out());
        String header = Files.readAllLines(out.resolve("log.csv")).get(0);
        assertTrue(header.endsWith(",train_pixel_accuracy,train_mean_iou,test_pixel_accuracy,test_mean_iou"), header);
        Checkpoint c = Checkpoint.read(out.resolve("checkpoint.safetensors"));
        assertEquals("segment", c.meta("task"));
        assertEquals("2", c.meta("classes"));
        double iou = Double.parseDouble(c.meta("test_mean_iou"));
        assertTrue(iou > 0 && iou <= 1, "mean IoU " + iou);
    }

    @Test
    void theAutoencoderReconstructsItsInput(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("ae");
        CommandLineTest.Run r = train(out, "--arch", "autoencoder", "--arch-options", "base=4", "--optimizer", "adam",
                "--lr", "0.01");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Test reconstruction MSE "), r.out());
        String header = Files.readAllLines(out.resolve("log.csv")).get(0);
        assertTrue(header.endsWith(",train_mse,train_psnr,test_mse,test_psnr"), header);
        Checkpoint c = Checkpoint.read(out.resolve("checkpoint.safetensors"));
        assertEquals("reconstruct", c.meta("task"));
        assertEquals("mse", c.meta("loss"));
        // pixels in [0, 1], not normalized: PSNR has peak 1
        assertEquals("0.0", c.meta("normalization_mean"));
        String row = Files.readAllLines(out.resolve("log.csv")).get(1);
        String[] f = row.split(",");
        double testLoss = Double.parseDouble(f[5]), testMse = Double.parseDouble(f[f.length - 2]);
        assertEquals(testLoss, testMse, 1e-5, "the MSE loss against the input is the reconstruction error");
    }

    @Test
    void optionsThatDoNotFitTheTaskAreRefused(@TempDir Path dir) {
        refused(train(dir.resolve("a"), "--arch", "unet", "--augment", "mixup=0.2"),
                "--augment: mixup is for --task classify (it mixes class labels)");
        refused(train(dir.resolve("b"), "--task", "draw"), "--task: 'draw' is not classify, segment or reconstruct");
        refused(train(dir.resolve("c"), "--masks", "threshold=0.3"),
                "--masks is for --task segment (this run's task is classify)");
        refused(train(dir.resolve("d"), "--arch", "unet", "--masks", "threshold=1.5"),
                "--masks: threshold=1.5 is not a pixel value in (0, 1)");
        refused(train(dir.resolve("e"), "--aux-weights", "aux1=0.3"),
                "--aux-weights: 'aux1' is not an auxiliary output of lenet5 (its outputs: [fc3], the first is the"
                        + " main one)");
        refused(train(dir.resolve("f"), "--arch", "googlenet", "--aux-weights", "aux1=-1"),
                "--aux-weights: aux1=-1 is not a weight (give 0 or more)");
    }

    private static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("lamina: " + line, r.err().strip(), "one line, no stack trace");
    }
}
