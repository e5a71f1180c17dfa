package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.ops.PixelLabels;
import org.lamina.opencl.OpenClTests;

/**
 * Data-parallel training for an {@link Objective}: segmentation (with masks that leave whole images
 * out, so that the shards count unequal numbers of pixels), reconstruction and a network with an
 * auxiliary head train on several replicas as on one device with the same total batch: the same
 * parameters, the same loss and terms, the same pixel accuracy and mean IoU (from the summed
 * intersections and unions), MSE and PSNR.
 */
class DenseReplicasTest {
    /** How far parameters may drift in relative terms over the steps (the shards sum in another order). */
    static final double TOLERANCE = 1e-5;

    /**
     * Foreground masks where every third image (by its first pixel's value) counts nothing, and the edge
     * band does not count: the shards of a batch count very different numbers of pixels.
     */
    static Target.Pixels unevenMasks() {
        Target.Pixels base = (Target.Pixels) Target.foreground(Normalization.of(0.3f, 0.3f), 0.45, 0.2);
        return new Target.Pixels(batch -> {
            int[] labels = base.labels().apply(batch);
            int plane = batch.height() * batch.width();
            for (int i = 0; i < batch.size(); i++) {
                if (i % 3 == 1) {
                    Arrays.fill(labels, i * plane, (i + 1) * plane, PixelLabels.IGNORE);
                }
            }
            return labels;
        }, "foreground, every third image left out");
    }

    record Run(List<EpochStats> epochs, Map<String, SafeTensors.Entry> params) {
    }

    /** Two epochs of 4 steps of 10 images (the last of 2), tested on 12 in batches of 5, on one device. */
    static Run oneDevice(Network net, Objective o, Backend b, Path dir) {
        try (Model m = new Model(net, b, 23); TrainingFixtures.Sgd u = TrainingFixtures.momentum()) {
            List<EpochStats> e = new Trainer(new Executor(m), o, u, ObjectiveTrainingTest.loader(TrainingFixtures.data(32, 1),
                    10), ObjectiveTrainingTest.loader(TrainingFixtures.data(12, 2), 5), ObjectiveTrainingTest.settings(dir, 2),
                    Map.of(), new Trainer.Listener() {
                    }).run(null).epochs();
            return new Run(e, m.snapshot());
        }
    }

    /** The same on {@code devices} replicas. */
    static Run replicas(Network net, Objective o, List<Supplier<Backend>> devices, Path dir) {
        try (Replicas r = Replicas.open(devices, net, 23, TrainingFixtures::momentum, BatchSplit.Mode.EVEN)) {
            List<EpochStats> e = new Trainer(r, o, ObjectiveTrainingTest.loader(TrainingFixtures.data(32, 1), 10),
                    ObjectiveTrainingTest.loader(TrainingFixtures.data(12, 2), 5), ObjectiveTrainingTest.settings(dir, 2),
                    Map.of(), new Trainer.Listener() {
                    }).run(null).epochs();
            List<Map<String, SafeTensors.Entry>> copies = r.callAll(x -> x.model().snapshot());
            for (Map<String, SafeTensors.Entry> c : copies) {
                c.forEach((k, v) -> assertArrayEquals(copies.get(0).get(k).values(), v.values(),
                        k + ": the replicas drifted apart"));
            }
            return new Run(e, copies.get(0));
        }
    }

    static void assertSame(Run one, Run many, List<String> columns) {
        for (String k : one.params().keySet()) {
            double d = ReplicasTest.relative(many.params().get(k).values(), one.params().get(k).values());
            assertTrue(d <= TOLERANCE, k + " differs by " + d);
        }
        assertEquals(one.epochs().size(), many.epochs().size());
        for (int i = 0; i < one.epochs().size(); i++) {
            EpochStats a = one.epochs().get(i), b = many.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 1e-5 * Math.abs(a.trainLoss()), "train loss, epoch " + (i + 1));
            assertEquals(a.testLoss(), b.testLoss(), 1e-5 * Math.abs(a.testLoss()), "test loss, epoch " + (i + 1));
            assertEquals(a.extra().keySet(), b.extra().keySet(), "columns");
            assertTrue(a.extra().keySet().containsAll(columns), a.extra().keySet() + " lacks some of " + columns);
            for (String k : a.extra().keySet()) {
                assertEquals(a.extra(k), b.extra(k), 1e-5 * Math.max(1, Math.abs(a.extra(k))), k + ", epoch " + (i + 1));
            }
        }
    }

    private static List<Supplier<Backend>> java(int n) {
        List<Supplier<Backend>> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(JavaBackend::new);
        }
        return l;
    }

    @Test
    void segmentationOnThreeReplicasIsOneDeviceWithTheWholeBatch(@TempDir Path dir) {
        Objective o = Objective.segment(ObjectiveTrainingTest.CROSS_ENTROPY, "mask", unevenMasks());
        Network net = ObjectiveTrainingTest.segmenter();
        Run one = oneDevice(net, o, new JavaBackend(), dir.resolve("one"));
        // 10 images on 3 devices: 4, 3, 3, each with a different number of counted pixels
        Run three = replicas(net, o, java(3), dir.resolve("three"));
        assertSame(one, three, List.of("train_pixel_accuracy", "train_mean_iou", "test_pixel_accuracy", "test_mean_iou"));
        assertTrue(one.epochs().get(1).extra("test_mean_iou") > 0.3, "it learnt something: " + one.epochs());
    }

    @Test
    void reconstructionOnTwoReplicasIsOneDeviceWithTheWholeBatch(@TempDir Path dir) {
        Objective o = Objective.reconstruct(ObjectiveTrainingTest.MSE, "decoded", (Target.Images) Target.INPUT, 1 / 0.3);
        Network net = ObjectiveTrainingTest.autoencoder();
        Run one = oneDevice(net, o, new JavaBackend(), dir.resolve("one"));
        Run two = replicas(net, o, java(2), dir.resolve("two"));
        assertSame(one, two, List.of("train_mse", "train_psnr", "test_mse", "test_psnr"));
        EpochStats last = two.epochs().get(1);
        assertEquals(last.testLoss(), last.extra("test_mse"), 1e-5, "MSE against the input is the loss");
    }

    @Test
    void anAuxiliaryHeadOnThreeReplicasIsOneDeviceWithTheWholeBatch(@TempDir Path dir) {
        Objective o = Objective.classify(ObjectiveTrainingTest.CROSS_ENTROPY, "logits")
                .plus("aux", ObjectiveTrainingTest.CROSS_ENTROPY, 0.3);
        Network net = ObjectiveTrainingTest.twoHeads();
        Run one = oneDevice(net, o, new JavaBackend(), dir.resolve("one"));
        Run three = replicas(net, o, java(3), dir.resolve("three"));
        assertSame(one, three, List.of("train_loss_logits", "train_loss_aux"));
        EpochStats e = three.epochs().get(0);
        assertEquals(e.extra("train_loss_logits") + 0.3 * e.extra("train_loss_aux"), e.trainLoss(), 1e-5,
                "the total is the weighted sum of the terms");
        assertTrue(Double.isFinite(e.testTop1()), "a classifier's accuracy");
    }

    @Test
    void segmentationOnTwoOpenClReplicasIsOneOpenClDevice(@TempDir Path dir) {
        Objective o = Objective.segment(ObjectiveTrainingTest.CROSS_ENTROPY, "mask", unevenMasks());
        Network net = ObjectiveTrainingTest.segmenter();
        Supplier<Backend> cl = () -> new OpenClBackend(OpenClTests.device());
        Run one;
        try (Backend b = cl.get()) {
            one = oneDevice(net, o, b, dir.resolve("one"));
        }
        Run two = replicas(net, o, List.of(cl, cl), dir.resolve("two"));
        assertSame(one, two, List.of("train_pixel_accuracy", "train_mean_iou", "test_pixel_accuracy", "test_mean_iou"));
    }
}
