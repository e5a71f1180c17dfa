package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;

/**
 * {@code lamina train} on a folder dataset with its own masks ({@code --masks folder:PATH}) or target
 * images ({@code --targets folder:PATH}), with a validation split and early stopping on the task's
 * measure, and the one-line refusals of missing or wrong files.
 */
class DenseFilesTest {
    @TempDir
    static Path shared;

    static void png(Path file, int h, int w, IntBinaryOperator value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value.applyAsInt(y, x));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** 20 training and 4 test images of 10x10 (a bright square on noise), their masks and clean targets. */
    @BeforeAll
    static void write() throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        for (String split : new String[] {"train", "test"}) {
            for (int i = 0; i < (split.equals("train") ? 20 : 4); i++) {
                int sy = rnd.nextInt(6), sx = rnd.nextInt(6);
                long noise = rnd.nextLong();
                IntBinaryOperator in = (y, x) -> y >= sy && y < sy + 4 && x >= sx && x < sx + 4 ? 1 : 0;
                String name = split + "/things/" + i;
                png(shared.resolve("images/" + name + ".png"), 10, 10,
                        (y, x) -> in.applyAsInt(y, x) == 1 ? 220 : (int) ((noise >>> (y + x) % 50) & 31));
                png(shared.resolve("masks/" + name + ".png"), 10, 10, (y, x) -> in.applyAsInt(y, x));
                png(shared.resolve("clean/" + name + ".png"), 10, 10, (y, x) -> 220 * in.applyAsInt(y, x));
            }
        }
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "folder:" + shared.resolve("images"),
                "--image-size", "8x8", "--out", out.toString(), "--device", "java", "--no-progress", "--batch-size", "7",
                "--epochs", "2", "--tensorboard", "none", "--optimizer", "adam", "--lr", "0.01"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void uNetSegmentsWithTheMasksOfItsImagesAndValidates(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("unet");
        CommandLineTest.Run r = train(out, "--arch", "unet", "--arch-options", "depth=2,base=4", "--masks",
                "folder:" + shared.resolve("masks"), "--val-split", "6", "--early-stop", "1", "--early-stop-metric",
                "val_mean_iou", "--augment", "crop=1,flip=0.5,rotate=10");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(14 images, 2 classes; 6 held out for validation)"), r.out());
        assertTrue(r.out().contains("Validation pixel accuracy "), r.out());
        assertTrue(r.out().matches("(?s).*Test pixel accuracy \\d+\\.\\d\\d%, mean IoU \\d+\\.\\d\\d% \\(loss \\d+\\.\\d+\\) of"
                + " epoch \\d, the best by val_mean_iou, tested once \\(test\\.csv\\)\\..*"), r.out());
        String header = Files.readAllLines(out.resolve("log.csv")).get(0);
        assertTrue(header.endsWith(",train_pixel_accuracy,train_mean_iou,val_pixel_accuracy,val_mean_iou"), header);
        assertEquals("epoch,test_loss,test_top1,test_top5,test_pixel_accuracy,test_mean_iou",
                Files.readAllLines(out.resolve("test.csv")).get(0));
        Checkpoint c = Checkpoint.read(out.resolve("checkpoint.safetensors"));
        assertEquals("segment", c.meta("task"));
        assertEquals("2", c.meta("classes"), "the masks' classes, 0 and 1");
        assertEquals(shared.resolve("masks").toString(), c.meta("mask_folder"));
        assertTrue(Files.isRegularFile(out.resolve("best.safetensors")));
    }

    @Test
    void theAutoencoderLearnsTheTargetImagesAndStopsOnValidationMse(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("ae");
        CommandLineTest.Run r = train(out, "--arch", "autoencoder", "--arch-options", "base=4", "--targets",
                "folder:" + shared.resolve("clean"), "--val-split", "0.25", "--early-stop-metric", "val_mse");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Validation reconstruction MSE "), r.out());
        assertTrue(r.out().contains("the best by val_mse, tested once"), r.out());
        assertTrue(Files.readAllLines(out.resolve("test.csv")).get(0).endsWith(",test_mse,test_psnr"));
        assertEquals(shared.resolve("clean").toString(),
                Checkpoint.read(out.resolve("checkpoint.safetensors")).meta("target_folder"));
    }

    @Test
    void missingOrWrongFilesAndOptionsThatDoNotFitAreRefusedWithOneLine(@TempDir Path dir) throws IOException {
        Path masks = shared.resolve("masks"), images = shared.resolve("images");
        String dataset = "--dataset folder:" + images + ": ";
        // a mask of class 1 where only 1 class is declared
        refused(train(dir.resolve("a"), "--arch", "unet", "--arch-options", "depth=2,base=4", "--masks", "folder:"
                + masks, "--mask-classes", "1"), dataset + "mask " + masks.resolve("train/things/0.png")
                + ": pixel (x ", "is class 1, not below the 1 classes (255 marks a pixel that does not count;"
                + " --mask-classes sets the classes)");
        // a folder without the masks of the test images
        Path partial = dir.resolve("partial");
        for (int i = 0; i < 20; i++) {
            Path m = masks.resolve("train/things/" + i + ".png");
            Files.createDirectories(partial.resolve("train/things"));
            Files.copy(m, partial.resolve("train/things/" + i + ".png"));
        }
        refused(train(dir.resolve("b"), "--arch", "unet", "--arch-options", "depth=2,base=4", "--masks", "folder:"
                + partial), dataset + "no mask for image " + images.resolve("test/things/0.png") + ": looked for "
                + partial.resolve("test/things/0.png") + " (or .bmp, .gif)", "");
        refused(train(dir.resolve("c"), "--arch", "unet", "--targets", "folder:" + masks),
                "--targets is for --task reconstruct (this run's task is segment)", "");
        refused(train(dir.resolve("d"), "--arch", "unet", "--masks", "folder:" + masks, "--val-split", "4",
                "--early-stop-metric", "val_top1"), "--early-stop-metric: val_top1 is not measured by --task segment"
                + " (its metrics: val_loss, val_pixel_accuracy, val_mean_iou)", "");
        refused(train(dir.resolve("e"), "--arch", "unet", "--masks", "folder:" + dir.resolve("nowhere")),
                "--masks folder:" + dir.resolve("nowhere") + ": " + dir.resolve("nowhere") + " does not exist", "");
        refused(train(dir.resolve("f"), "--arch", "unet", "--mask-classes", "3"),
                "--mask-classes is for masks read from files: give --masks folder:PATH", "");
        refused(train(dir.resolve("g"), "--arch", "autoencoder", "--targets", "clean"),
                "--targets: 'clean' is not folder:PATH", "");
        refused(CommandLineTest.run("train", "--arch", "unet", "--masks", "folder:" + masks, "--dataset", "mnist",
                "--out", dir.resolve("h").toString(), "--device", "java"), "--masks folder:PATH is for folder datasets"
                + " (--dataset folder:PATH), whose images it mirrors; mnist is not one", "");
    }

    /** Exit 2 and one line that starts with {@code start} and ends with {@code end}. */
    private static void refused(CommandLineTest.Run r, String start, String end) {
        assertEquals(2, r.status(), r.out() + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("lamina: " + start), line);
        assertTrue(line.endsWith(end), line);
    }
}
