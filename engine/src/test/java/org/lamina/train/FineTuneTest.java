package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.train.TrainingFixtures.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;
import org.lamina.transfer.Freeze;
import org.lamina.transfer.LoadReport;
import org.lamina.transfer.WeightLoader;
import org.lamina.transfer.Weights;

/**
 * Fine-tuning through the Java API: a network trained on 4 classes and saved, loaded into the same
 * architecture with a 2-class head (replaced, reported), its features frozen, trained on with the
 * trainer (momentum, L2): the frozen parameters and running statistics come out bit for bit as saved,
 * the others changed; frozen layers get no gradient at all.
 */
class FineTuneTest {

    static Network network(int classes) {
        Graph g = new Graph("small-bn");
        Node x = g.input("image", 1, 8, 8);
        Node c = g.conv2d(x, 4, 3).pad(1).name("features.0");
        Node n = c.batchNorm().name("features.1");
        Node p = g.maxPool(g.relu(n), 2);
        Node d = g.relu(g.dense(g.flatten(p), 16).name("classifier.0"));
        g.output(g.dense(d, classes).name("classifier.1"));
        return g.build();
    }

    /** Two classes: a bright top or bottom half, on noise. */
    static ImageDataset twoClasses(int count, long seed) {
        Random rnd = new Random(seed);
        byte[] pixels = new byte[count * 64];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) rnd.nextInt(2);
            for (int j = 0; j < 64; j++) {
                int v = rnd.nextInt(80) + (j / 32 == labels[i] ? 120 : 0);
                pixels[i * 64 + j] = (byte) Math.min(255, v);
            }
        }
        return new ImageDataset("two", count, 1, 8, 8, pixels, labels, List.of("top", "bottom"));
    }

    static Backend backend(String name) {
        return name.equals("java") ? TestBackends.java() : TestBackends.openCl();
    }

    /** A run of 4 classes on {@code backend}, saved: the weights to start from. */
    static Path pretrained(Backend b, Path dir) {
        try (Model m = new Model(network(CLASSES), b, 3);
                Sgd u = momentum()) {
            return new Trainer(new Executor(m), CROSS_ENTROPY, u, loader(
                    data(96, 1), 16), loader(data(40, 2), 50),
                    ReplicasTest.settings(dir, 1), Map.of(), new Trainer.Listener() {
                    }).run(null).checkpoint();
        }
    }

    /** The parameters after loading {@code weights} into a 2-class network frozen by {@code freeze} and an epoch. */
    static Map<String, SafeTensors.Entry> fineTune(Backend b, Path weights, String freeze, boolean keepStatistics,
            Path dir) {
        Network net = Freeze.parse("--freeze", freeze).apply("--freeze", network(2), keepStatistics);
        try (Model m = new Model(net, b, 4); Sgd u = momentum()) {
            LoadReport r = WeightLoader.load(m, Weights.read(weights), false);
            assertEquals(List.of("classifier.1.weight", "classifier.1.bias"), r.skipped().stream()
                    .map(LoadReport.Skipped::name).toList(), r.summary());
            assertEquals(List.of(LoadReport.Reason.HEAD), r.skipped().stream().map(LoadReport.Skipped::reason)
                    .distinct().toList());
            new Trainer(new Executor(m), CROSS_ENTROPY, u, loader(twoClasses(96, 5), 16),
                    loader(twoClasses(40, 6), 50), ReplicasTest.settings(dir, 1), Map.of(),
                    new Trainer.Listener() {
                    }).run(null);
            return m.snapshot();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void frozenFeaturesComeOutBitIdenticalAndTheNewHeadLearns(String backend, @TempDir Path dir) {
        Backend b = backend(backend);
        Path saved = pretrained(b, dir.resolve("pretrained"));
        Map<String, SafeTensors.Entry> before = Checkpoint.read(saved).parameters();
        Map<String, SafeTensors.Entry> after = fineTune(b, saved, "features.*", true, dir.resolve("tuned"));
        for (String frozen : List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.1.running_mean", "features.1.running_var")) {
            assertArrayEquals(before.get(frozen).values(), after.get(frozen).values(), frozen + " changed");
        }
        for (String trained : List.of("classifier.0.weight", "classifier.0.bias")) {
            assertFalse(Arrays.equals(before.get(trained).values(), after.get(trained).values()),
                    trained + " did not change");
        }
        assertArrayEquals(new int[] {2, 16}, after.get("classifier.1.weight").shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void frozenBatchNormsInTrainModeUpdateTheirStatisticsOnly(String backend, @TempDir Path dir) {
        Backend b = backend(backend);
        Path saved = pretrained(b, dir.resolve("pretrained"));
        Map<String, SafeTensors.Entry> before = Checkpoint.read(saved).parameters();
        Map<String, SafeTensors.Entry> after = fineTune(b, saved, "features.*", false, dir.resolve("tuned"));
        for (String frozen : List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias")) {
            assertArrayEquals(before.get(frozen).values(), after.get(frozen).values(), frozen + " changed");
        }
        assertFalse(Arrays.equals(before.get("features.1.running_mean").values(),
                after.get("features.1.running_mean").values()), "the batch statistics were not used");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void aFrozenLayerBetweenTrainedOnesPassesGradientsOn(String backend, @TempDir Path dir) {
        Backend b = backend(backend);
        Path saved = pretrained(b, dir.resolve("pretrained"));
        Map<String, SafeTensors.Entry> before = Checkpoint.read(saved).parameters();
        Map<String, SafeTensors.Entry> after = fineTune(b, saved, "classifier.0", true, dir.resolve("tuned"));
        assertArrayEquals(before.get("classifier.0.weight").values(), after.get("classifier.0.weight").values());
        assertArrayEquals(before.get("classifier.0.bias").values(), after.get("classifier.0.bias").values());
        assertFalse(Arrays.equals(before.get("features.0.weight").values(),
                after.get("features.0.weight").values()), "features.0 learned nothing through the frozen layer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void frozenParametersGetNoGradient(String backend) {
        Backend b = backend(backend);
        Network net = Freeze.parse("--freeze", "features.*").apply("--freeze", network(2), true);
        assertEquals(Set.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias"),
                net.frozenParameters());
        assertTrue(net.inferenceInTraining("features.1"));
        assertFalse(net.inferenceInTraining("features.0"), "no state: nothing to keep");
        assertEquals(network(2).trainableParameterCount() - (4 * 9 + 4 + 4 + 4), net.trainableParameterCount());
        ImageDataset d = twoClasses(8, 1);
        try (Model m = new Model(net, b, 1)) {
            Executor exec = new Executor(m);
            float[] x = new float[8 * 64];
            for (int i = 0; i < x.length; i++) {
                x[i] = (d.pixels()[i] & 0xFF) / 255f;
            }
            float[] statsBefore = m.param("features.1.running_mean").toArray();
            try (Tensor in = b.tensor(x, 8, 1, 8, 8); Pass pass = exec.forward(Map.of("image", in), 1, Set.of());
                    Tensor g = b.tensor(new float[16], 8, 2)) {
                exec.backward(pass, Map.of("classifier.1", g), Set.of());
            }
            for (Network.Param p : net.parameters()) {
                boolean frozen = p.name().startsWith("features.");
                assertEquals(!frozen && p.spec().trainable(), m.grad(p.name()) != null, p.name());
            }
            assertArrayEquals(statsBefore, m.param("features.1.running_mean").toArray(),
                    "a frozen batch norm in eval mode kept its statistics");
            m.clearGradients();
        }
    }
}
