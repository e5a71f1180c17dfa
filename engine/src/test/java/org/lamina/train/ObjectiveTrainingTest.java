package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.train.TrainingFixtures.CLASSES;
import static org.lamina.train.TrainingFixtures.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.data.Batch;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.ops.ClassLabels;
import org.lamina.ops.MseLoss;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.spi.Loss;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Training for an {@link Objective}: several outputs with weighted losses (the total is the weighted
 * sum of the separately computed losses, the update that of the weighted sum of their gradients, and
 * evaluation reads the main output alone), and the dense tasks (segmentation, reconstruction) training
 * a few steps on Java and on OpenCL to the same losses and metrics.
 */
class ObjectiveTrainingTest {
    static final double LR = 0.05;

    /** Cross-entropy as the loss plugin computes it: per class, or per pixel for [N, C, H, W] outputs. */
    static final Loss CROSS_ENTROPY = TrainingFixtures.loss("cross-entropy", (output, labels) -> output.rank() > 2
            ? new PixelCrossEntropy().forward(output, labels) : new SoftmaxCrossEntropy().forward(output, labels));

    static final Loss MSE = TrainingFixtures.loss("mse", (output, target) -> new MseLoss().forward(output, target));

    /** Plain SGD: {@code p -= lr * g}. */
    static final class Sgd implements Updater {
        @Override
        public void step(List<Param> params, double learningRate, int step) {
            for (Param p : params) {
                p.value().backend().elementwise().accumulate(p.value(), p.gradient(), -learningRate);
            }
        }

        @Override
        public Map<String, Tensor> state() {
            return Map.of();
        }

        @Override
        public void restore(Map<String, Tensor> saved) {
        }

        @Override
        public void close() {
        }
    }

    static Trainer.Settings settings(Path dir, int epochs) {
        return TrainingFixtures.settings(dir, epochs, LR, List.of(), 50);
    }

    /** A trunk with two classifier heads: {@code logits} (the main one) and {@code aux}. */
    static Network twoHeads() {
        Graph g = new Graph("two-heads");
        Node x = g.input("image", 1, 8, 8);
        Node t = g.relu(g.conv2d(x, 3, 3).pad(1));
        Node f = g.relu(g.dense(g.flatten(g.maxPool(t, 2)), 12));
        g.output(g.dense(f, CLASSES).name("logits"), g.dense(g.flatten(t), CLASSES).name("aux"));
        return g.build();
    }

    static DataLoader loader(ImageDataset d, int batch) {
        return DataLoader.of(d, batch).normalize(Normalization.of(0.3f, 0.3f)).build();
    }

    @Test
    void theTotalIsTheWeightedSumOfTheTermsAndEvaluationReadsTheMainOutput(@TempDir Path dir) throws IOException {
        Network net = twoHeads();
        ImageDataset train = data(16, 1), test = data(10, 2);
        double w = 0.3;
        Batch batch = loader(train, 16).epoch(0).next();
        Map<String, float[]> expected = new HashMap<>();
        double mainLoss, auxLoss;
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17)) {
            Executor ex = new Executor(m);
            // each loss and its parameter gradients on their own, at the initial parameters
            double[] losses = new double[2];
            Map<String, float[]>[] grads = new Map[2];
            String[] outputs = {"logits", "aux"};
            for (int k = 0; k < 2; k++) {
                try (Tensor x = b.tensor(batch.images(), batch.shape()); Pass pass = ex.forward(Map.of("image", x), 1,
                        Set.of()); Tensor y = ClassLabels.tensor(b, batch.labels(), CLASSES);
                        Loss.Result r = CROSS_ENTROPY.evaluate(pass.output(outputs[k]), y)) {
                    losses[k] = r.value();
                    ex.backward(pass, Map.of(outputs[k], r.gradient()), Set.of());
                }
                grads[k] = new HashMap<>();
                for (Network.Param p : net.parameters()) {
                    Tensor g = m.grad(p.name());
                    grads[k].put(p.name(), g == null ? new float[m.param(p.name()).size()] : g.toArray());
                }
                m.clearGradients();
            }
            mainLoss = losses[0];
            auxLoss = losses[1];
            for (Network.Param p : net.parameters()) {
                float[] v = m.param(p.name()).toArray();
                float[] g1 = grads[0].get(p.name()), g2 = grads[1].get(p.name());
                for (int i = 0; i < v.length; i++) {
                    v[i] -= (float) (LR * (g1[i] + w * g2[i]));
                }
                expected.put(p.name(), v);
            }
        }
        assertTrue(auxLoss > 0.5 && Math.abs(mainLoss - auxLoss) > 1e-3, "two different losses: " + mainLoss + ", "
                + auxLoss);
        Objective objective = Objective.classify(CROSS_ENTROPY, "logits").plus("aux", CROSS_ENTROPY, w);
        assertEquals("cross-entropy(logits, class labels) + 0.3 * cross-entropy(aux, class labels)", objective.describe());
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17)) {
            Trainer.Result r = new Trainer(new Executor(m), objective, new Sgd(), loader(train, 16), loader(test, 5),
                    settings(dir, 1), Map.of("architecture", "two-heads"), new Trainer.Listener() {
                    }).run(null);
            EpochStats s = r.last();
            assertEquals(mainLoss + w * auxLoss, s.trainLoss(), 1e-6, "the total is the weighted sum");
            assertEquals(mainLoss, s.extra("train_loss_logits"), 1e-6);
            assertEquals(auxLoss, s.extra("train_loss_aux"), 1e-6);
            for (Network.Param p : net.parameters()) {
                float[] got = m.param(p.name()).toArray(), want = expected.get(p.name());
                for (int i = 0; i < got.length; i++) {
                    assertEquals(want[i], got[i], 1e-6, p.name() + "[" + i + "] after the step");
                }
            }
            // evaluation: the main output's loss and accuracy alone, at the updated parameters
            double testLoss = 0;
            int hits = 0, count = 0;
            Executor ex = new Executor(m);
            for (var it = loader(test, 5).epoch(0); it.hasNext();) {
                Batch tb = it.next();
                try (Tensor x = b.tensor(tb.images(), tb.shape())) {
                    Map<String, Tensor> outs = ex.infer(Map.of("image", x));
                    try (Tensor y = ClassLabels.tensor(b, tb.labels(), CLASSES);
                            Loss.Result lr = CROSS_ENTROPY.evaluate(outs.get("logits"), y)) {
                        testLoss += lr.value() * tb.size();
                        float[] logits = outs.get("logits").toArray();
                        for (int i = 0; i < tb.size(); i++) {
                            int best = 0;
                            for (int c = 1; c < CLASSES; c++) {
                                best = logits[i * CLASSES + c] > logits[i * CLASSES + best] ? c
                                        : best;
                            }
                            hits += best == tb.labels()[i] ? 1 : 0;
                        }
                        count += tb.size();
                    } finally {
                        outs.values().forEach(Tensor::close);
                    }
                }
            }
            assertEquals(testLoss / count, s.testLoss(), 1e-6, "the test loss is the main output's alone");
            assertEquals((double) hits / count, s.testTop1(), 1e-12);
            assertFalse(s.extra().containsKey("test_loss_aux"), "no auxiliary term in evaluation");
            String csv = Files.readString(r.log());
            assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",train_loss_logits,train_loss_aux"), csv);
            Checkpoint c = Checkpoint.read(r.checkpoint());
            assertEquals(objective.describe(), c.meta("objective"));
        }
    }

    @Test
    void aWeightOfZeroLeavesTheOutputOutOfTraining(@TempDir Path dir) {
        Network net = twoHeads();
        ImageDataset train = data(16, 1);
        Map<String, float[]> plain = new HashMap<>();
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17)) {
            new Trainer(new Executor(m), Objective.classify(CROSS_ENTROPY, "logits"), new Sgd(), loader(train, 8),
                    loader(train, 8), settings(dir.resolve("a"), 1), Map.of(), new Trainer.Listener() {
                    }).run(null);
            m.snapshot().forEach((k, v) -> plain.put(k, v.values()));
        }
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17)) {
            new Trainer(new Executor(m), Objective.classify(CROSS_ENTROPY, "logits").plus("aux", CROSS_ENTROPY, 0.3)
                    .weighted("aux", 0), new Sgd(), loader(train, 8), loader(train, 8), settings(dir.resolve("b"), 1),
                    Map.of(), new Trainer.Listener() {
                    }).run(null);
            m.snapshot().forEach((k, v) -> assertArrayEquals(plain.get(k), v.values(), k));
        }
    }

    @Test
    void objectivesRefuseWhatTheyCannotTrain() {
        Network net = twoHeads();
        assertThrows(IllegalArgumentException.class, () -> new Objective.Term("aux", CROSS_ENTROPY, -1, Target.CLASSES));
        assertThrows(IllegalArgumentException.class, () -> Objective.classify(CROSS_ENTROPY, "logits")
                .weighted("logits", 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Objective.classify(CROSS_ENTROPY, "nope").check(net));
        assertTrue(e.getMessage().contains("'nope' is not an output of two-heads"), e.getMessage());
        assertEquals(2, Objective.classify(CROSS_ENTROPY, "logits").withAuxiliaries(net, Map.of("aux", 0.3, "aux2",
                0.3)).terms().size(), "names that are not outputs are ignored");
        assertEquals(1, Objective.classify(CROSS_ENTROPY, "logits").withAuxiliaries(net, Map.of()).terms().size());
        assertThrows(IllegalArgumentException.class, () -> Objective.reconstruct(MSE, "logits",
                (Target.Images) Target.INPUT, 0));
        assertThrows(IllegalArgumentException.class, () -> Target.foreground(Normalization.of(0, 1), 0.3, 0.3));
    }

    /** Per-pixel logits [N, 2, 8, 8]: two convolutions, padded. */
    static Network segmenter() {
        Graph g = new Graph("segmenter");
        Node x = g.input("image", 1, 8, 8);
        g.output(g.conv2d(g.relu(g.conv2d(x, 4, 3).pad(1)), 2, 3).pad(1).name("mask"));
        return g.build();
    }

    /** A stride-2 convolution and a transposed convolution back to [N, 1, 8, 8]. */
    static Network autoencoder() {
        Graph g = new Graph("ae");
        Node x = g.input("image", 1, 8, 8);
        Node code = g.relu(g.conv2d(x, 4, 3).stride(2).pad(1));
        g.output(g.convTranspose2d(code, 1, 3).stride(2).pad(1).outputPadding(1).name("decoded"));
        return g.build();
    }

    @Test
    void segmentationTrainsToTheSameLossesOnJavaAndOpenCl(@TempDir Path dir) {
        // the bright row of each image is the item: threshold 0.45; noise between 0.25 and 0.45 does not count
        Normalization norm = Normalization.of(0.3f, 0.3f);
        Target.Pixels masks = (Target.Pixels) Target.foreground(norm, 0.45, 0.2);
        Batch first = loader(data(16, 1), 16).epoch(0).next();
        int[] labels = masks.labels().apply(first);
        long item = Arrays.stream(labels).filter(v -> v == 1).count();
        long ignored = Arrays.stream(labels).filter(v -> v == -1).count();
        assertEquals(16 * 8, item, "one bright row of 8 pixels per image");
        assertTrue(ignored > 0 && ignored < 16 * 64 - item, "some noise pixels do not count: " + ignored);
        List<EpochStats> java = train(segmenter(), Objective.segment(CROSS_ENTROPY, "mask", masks),
                TestBackends.java(), dir.resolve("java"));
        List<EpochStats> cl = train(segmenter(), Objective.segment(CROSS_ENTROPY, "mask", masks),
                TestBackends.openCl(), dir.resolve("opencl"));
        compare(java, cl, List.of("train_pixel_accuracy", "train_mean_iou", "test_pixel_accuracy", "test_mean_iou"));
        assertTrue(java.get(2).testLoss() < java.get(0).testLoss(), "the test loss falls: " + java);
        assertTrue(java.get(2).extra("test_mean_iou") > 0.5, "mean IoU " + java.get(2).extra("test_mean_iou"));
        assertTrue(Double.isNaN(java.get(0).testTop1()), "no top-1 for a segmentation");
    }

    @Test
    void reconstructionTrainsToTheSameLossesOnJavaAndOpenCl(@TempDir Path dir) {
        Objective o = Objective.reconstruct(MSE, "decoded", (Target.Images) Target.INPUT, 1 / 0.3);
        List<EpochStats> java = train(autoencoder(), o, TestBackends.java(), dir.resolve("java"));
        List<EpochStats> cl = train(autoencoder(), o, TestBackends.openCl(), dir.resolve("opencl"));
        compare(java, cl, List.of("train_mse", "train_psnr", "test_mse", "test_psnr"));
        EpochStats last = java.get(2);
        assertTrue(last.testLoss() < java.get(0).testLoss(), "the test loss falls: " + java);
        assertEquals(last.testLoss(), last.extra("test_mse"), 1e-5, "MSE against the input is the loss");
        assertEquals(10 * Math.log10(1 / 0.09 / last.extra("test_mse")), last.extra("test_psnr"), 1e-4);
    }

    /** Three epochs of 4 steps of 8 images, tested on 12. */
    private static List<EpochStats> train(Network net, Objective o, Backend b, Path dir) {
        try (Model m = new Model(net, b, 23)) {
            return new Trainer(new Executor(m), o, new Sgd(), loader(data(32, 1), 8),
                    loader(data(12, 2), 6), settings(dir, 3), Map.of(), new Trainer.Listener() {
                    }).run(null).epochs();
        }
    }

    private static void compare(List<EpochStats> java, List<EpochStats> cl, List<String> columns) {
        assertEquals(java.size(), cl.size());
        for (int i = 0; i < java.size(); i++) {
            EpochStats a = java.get(i), c = cl.get(i);
            assertEquals(a.trainLoss(), c.trainLoss(), 1e-4 * Math.abs(a.trainLoss()), "train loss, epoch " + (i + 1));
            assertEquals(a.testLoss(), c.testLoss(), 1e-4 * Math.abs(a.testLoss()), "test loss, epoch " + (i + 1));
            assertEquals(columns, List.copyOf(a.extra().keySet()));
            for (String k : columns) {
                assertEquals(a.extra(k), c.extra(k), 2e-3 * Math.max(1, Math.abs(a.extra(k))), k + ", epoch " + (i + 1));
            }
        }
    }
}
