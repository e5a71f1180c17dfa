package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.Backend;
import org.lamina.data.Augmentation;
import org.lamina.data.DataLoader;
import org.lamina.data.Datasets;
import org.lamina.data.FolderDataset;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.data.ValidationSplit;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.testing.TestBackends;

/**
 * Segmentation against masks and reconstruction against target images read from PNG files, with a
 * validation split, early stopping on the task's measure and the test set evaluated once at the end,
 * on Java and on OpenCL to the same losses and measures.
 */
class FileTargetsTrainingTest {

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

    /**
     * {@code n} 8x8 training images and 6 test images of a bright 3x3 square on a dark noisy ground,
     * each with its mask (1 in the square, 0 outside, 255 on the ring around the square: not counted)
     * and its target image (the square without the noise).
     */
    static Path write(Path dir, int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        for (String split : new String[] {"train", "test"}) {
            for (int i = 0; i < (split.equals("train") ? n : 6); i++) {
                int sy = 1 + rnd.nextInt(4), sx = 1 + rnd.nextInt(4);
                long noise = rnd.nextLong();
                String name = split + "/item/" + i;
                IntBinaryOperator inside = (y, x) -> y >= sy && y < sy + 3 && x >= sx && x < sx + 3 ? 1 : 0;
                IntBinaryOperator ring = (y, x) -> y >= sy - 1 && y <= sy + 3 && x >= sx - 1 && x <= sx + 3 ? 1 : 0;
                png(dir.resolve("images/" + name + ".png"), 8, 8, (y, x) -> inside.applyAsInt(y, x) == 1 ? 200
                        : (int) ((noise >>> (y * 8 + x) % 60) & 63));
                png(dir.resolve("masks/" + name + ".png"), 8, 8, (y, x) -> inside.applyAsInt(y, x) == 1 ? 1
                        : ring.applyAsInt(y, x) == 1 ? 255 : 0);
                png(dir.resolve("clean/" + name + ".png"), 8, 8, (y, x) -> inside.applyAsInt(y, x) * 200);
            }
        }
        return dir;
    }

    record Run(List<EpochStats> epochs, FinalTest test, String csv) {
    }

    private static Run train(Network net, Objective o, Datasets.Split split, EarlyStopping stopping, Backend b,
            Path dir, int epochs) throws IOException {
        ValidationSplit held = ValidationSplit.of(split.train(), "6", 7);
        DataLoader train = DataLoader.of(held.train(), 6).shuffle(5).normalize(split.normalization())
                .augment(Augmentation.horizontalFlip(0.5)).augment(Augmentation.randomCrop(1)).build();
        DataLoader val = DataLoader.of(held.validation(), 6).normalize(split.normalization()).build();
        DataLoader test = DataLoader.of(split.test(), 6).normalize(split.normalization()).build();
        try (Model m = new Model(net, b, 23)) {
            Trainer.Result r = new Trainer(new Executor(m), o, new ObjectiveTrainingTest.Sgd(), train, test,
                    ObjectiveTrainingTest.settings(dir, epochs), java.util.Map.of(), new Trainer.Listener() {
                    }).validateOn(val, stopping).run(null);
            return new Run(r.epochs(), r.finalTest(), Files.readString(dir.resolve("test.csv"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void segmentationAgainstMaskFilesValidatesStopsEarlyAndTestsOnceOnJavaAndOpenCl(@TempDir Path dir)
            throws IOException {
        write(dir, 24);
        Datasets.Split split = FolderDataset.load(dir.resolve("images"), FolderDataset.Options.AS_IS,
                new FolderDataset.PixelFiles(dir.resolve("masks"), 2, null), Integer.MAX_VALUE, Integer.MAX_VALUE);
        Objective o = Objective.segment(ObjectiveTrainingTest.CROSS_ENTROPY, "mask", (Target.Pixels) Target.MASKS);
        EarlyStopping stopping = EarlyStopping.of("val_mean_iou", "auto", 2, 0);
        assertTrue(stopping.maximize());
        Run java = train(ObjectiveTrainingTest.segmenter(), o, split, stopping, TestBackends.java(), dir.resolve("j"), 4);
        Run cl = train(ObjectiveTrainingTest.segmenter(), o, split, stopping, TestBackends.openCl(), dir.resolve("c"),
                4);
        compare(java, cl, List.of("train_pixel_accuracy", "train_mean_iou", "val_pixel_accuracy", "val_mean_iou"));
        EpochStats first = java.epochs().get(0);
        assertTrue(first.validated());
        assertTrue(Double.isNaN(first.testLoss()), "the test set is kept for the end");
        // the best epoch by validation mean IoU is the one tested
        EpochStats best = java.epochs().stream().max((a, b) -> Double.compare(a.extra("val_mean_iou"),
                b.extra("val_mean_iou"))).orElseThrow();
        FinalTest t = java.test();
        assertEquals(best.epoch(), t.epoch(), java.epochs().toString());
        assertTrue(Double.isNaN(t.top1()));
        assertTrue(t.measure("test_mean_iou") > 0 && t.measure("test_mean_iou") <= 1, t.measures().toString());
        assertEquals(List.of("test_pixel_accuracy", "test_mean_iou"), List.copyOf(t.measures().keySet()));
        assertTrue(java.csv().startsWith("epoch,test_loss,test_top1,test_top5,test_pixel_accuracy,test_mean_iou\n"),
                java.csv());
        assertEquals(t.measure("test_mean_iou"), cl.test().measure("test_mean_iou"), 2e-3);
        assertEquals(t.loss(), cl.test().loss(), 1e-4 * Math.abs(t.loss()));
        assertTrue(java.epochs().get(java.epochs().size() - 1).trainLoss() < first.trainLoss(), "it learns");
    }

    @Test
    void reconstructionAgainstTargetFilesStopsOnValidationMseOnJavaAndOpenCl(@TempDir Path dir) throws IOException {
        write(dir, 24);
        Datasets.Split read = FolderDataset.load(dir.resolve("images"), FolderDataset.Options.AS_IS,
                new FolderDataset.PixelFiles(null, 0, dir.resolve("clean")), Integer.MAX_VALUE, Integer.MAX_VALUE);
        // as lamina train reconstructs: pixels in [0, 1], not normalized
        Datasets.Split split = new Datasets.Split(read.train(), read.test(), Normalization.identity(1));
        ImageDataset train = split.train();
        assertEquals(1, train.targetChannels());
        Objective o = Objective.reconstruct(ObjectiveTrainingTest.MSE, "decoded", (Target.Images) Target.TARGET_IMAGES,
                1);
        EarlyStopping stopping = EarlyStopping.of("val_mse", "auto", 1, 0);
        assertFalse(stopping.maximize(), "lower MSE is better");
        Run java = train(ObjectiveTrainingTest.autoencoder(), o, split, stopping, TestBackends.java(), dir.resolve("j"),
                3);
        Run cl = train(ObjectiveTrainingTest.autoencoder(), o, split, stopping, TestBackends.openCl(), dir.resolve("c"),
                3);
        compare(java, cl, List.of("train_mse", "train_psnr", "val_mse", "val_psnr"));
        FinalTest t = java.test();
        assertEquals(t.loss(), t.measure("test_mse"), 1e-6, "the MSE against the target images is the loss");
        assertEquals(t.measure("test_mse"), cl.test().measure("test_mse"), 1e-4 * t.measure("test_mse"));
        // against the input instead, the noise is part of what is learnt: another loss from the first step
        Run input = train(ObjectiveTrainingTest.autoencoder(), Objective.reconstruct(ObjectiveTrainingTest.MSE,
                "decoded", (Target.Images) Target.INPUT, 1), split, stopping, TestBackends.java(), dir.resolve("i"), 1);
        assertNotEquals(java.epochs().get(0).trainLoss(), input.epochs().get(0).trainLoss(), 1e-6);
    }

    private static void compare(Run java, Run cl, List<String> columns) {
        assertEquals(java.epochs().size(), cl.epochs().size());
        for (int i = 0; i < java.epochs().size(); i++) {
            EpochStats a = java.epochs().get(i), c = cl.epochs().get(i);
            assertEquals(a.trainLoss(), c.trainLoss(), 1e-4 * Math.abs(a.trainLoss()), "train loss, epoch " + (i + 1));
            assertEquals(a.valLoss(), c.valLoss(), 1e-4 * Math.abs(a.valLoss()), "validation loss, epoch " + (i + 1));
            assertEquals(columns, List.copyOf(a.extra().keySet()));
            for (String k : columns) {
                assertEquals(a.extra(k), c.extra(k), 2e-3 * Math.max(1, Math.abs(a.extra(k))), k + ", epoch " + (i + 1));
            }
        }
    }
}
