package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.train.TrainingFixtures.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;

/**
 * The data-parallel trainer through the Java API, on Java backends (so it runs without OpenCL; the
 * OpenCL devices are compared in the command line's TwoDevicesTrainingTest): the sum of the
 * shards' gradients is the whole batch's, replicas stay equal, each device is driven from a thread
 * of its own, and batch normalization's running mean is the whole batch's.
 */
class ReplicasTest {
    static Network network(boolean batchNorm) {
        Graph g = new Graph(batchNorm ? "small-bn" : "small");
        Node x = g.input("image", 1, 8, 8);
        Node c = g.conv2d(x, 4, 3).pad(1);
        Node n = batchNorm ? c.batchNorm() : c;
        Node p = g.maxPool(g.relu(n), 2);
        Node d = g.relu(g.dense(g.flatten(p), 16));
        g.output(g.dense(d, CLASSES).name("logits"));
        return g.build();
    }

    static Trainer.Settings settings(Path dir, int epochs) {
        return TrainingFixtures.settings(dir, epochs, 0.05, List.of(Regularizer.l2(1e-3)), 50);
    }

    /** Parameters after one epoch on one Java backend with whole batches. */
    static Map<String, SafeTensors.Entry> oneDevice(Network net, ImageDataset train, int batch, Path dir) {
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17); Sgd u = momentum()) {
            new Trainer(new Executor(m), CROSS_ENTROPY, u, loader(train, batch), loader(data(40, 2), 50),
                    settings(dir, 1), Map.of(), new Trainer.Listener() {
                    }).run(null);
            return m.snapshot();
        }
    }

    @Test
    void threeReplicasMatchOneDeviceAndStayEqual(@TempDir Path dir) {
        Network net = network(false);
        // 10 steps of 12 images: the last batch has 10, and 3 devices get 4, 4, 4 and then 4, 3, 3
        ImageDataset train = data(118, 1);
        Map<String, SafeTensors.Entry> one = oneDevice(net, train, 12, dir.resolve("one"));
        List<String> openedOn = Collections.synchronizedList(new ArrayList<>());
        Supplier<Backend> open = () -> {
            openedOn.add(Thread.currentThread().getName());
            return new JavaBackend();
        };
        try (Replicas r = Replicas.open(List.of(open, open, open), net, 17, TrainingFixtures::momentum,
                BatchSplit.Mode.EVEN)) {
            assertEquals(3, r.size());
            assertEquals(List.of("lamina-device-0", "lamina-device-1", "lamina-device-2"),
                    r.callAll(x -> Thread.currentThread().getName()));
            Trainer.Result result = new Trainer(r, CROSS_ENTROPY, loader(train, 12), loader(data(40, 2), 50),
                    settings(dir.resolve("three"), 1), Map.of(), new Trainer.Listener() {
                    }).run(null);
            assertEquals(1, result.epochs().size());
            List<Map<String, SafeTensors.Entry>> copies = r.callAll(x -> x.model().snapshot());
            for (String k : one.keySet()) {
                float[] want = one.get(k).values();
                float[] got = copies.get(0).get(k).values();
                assertTrue(relative(got, want) <= 1e-5, k + " differs by " + relative(got, want));
                assertFalse(Arrays.equals(got, initial(net, k)), k + " did not change");
                for (Map<String, SafeTensors.Entry> c : copies) {
                    assertArrayEquals(got, c.get(k).values(), k + ": the replicas drifted apart");
                }
            }
            Checkpoint c = Checkpoint.read(result.checkpoint());
            assertEquals("10", c.meta("step"));
            assertFalse(c.optimizerState().isEmpty());
        }
        assertEquals(3, openedOn.size());
        assertTrue(openedOn.containsAll(List.of("lamina-device-0", "lamina-device-1", "lamina-device-2")), openedOn.toString());
    }

    private static float[] initial(Network net, String name) {
        try (JavaBackend b = new JavaBackend(); Model m = new Model(net, b, 17)) {
            return m.param(name).toArray();
        }
    }

    @Test
    void batchNormUsesEachShardsStatisticsAndAveragesTheRunningMean(@TempDir Path dir) {
        Network net = network(true);
        // one step of 16 images
        ImageDataset train = data(16, 4);
        Map<String, SafeTensors.Entry> one = oneDevice(net, train, 16, dir.resolve("one"));
        Supplier<Backend> open = JavaBackend::new;
        try (Replicas r = Replicas.open(List.of(open, open), net, 17, TrainingFixtures::momentum,
                BatchSplit.Mode.EVEN)) {
            new Trainer(r, CROSS_ENTROPY, loader(train, 16), loader(data(40, 2), 50), settings(dir.resolve("two"), 1),
                    Map.of(), new Trainer.Listener() {
                    }).run(null);
            List<Map<String, SafeTensors.Entry>> copies = r.callAll(x -> x.model().snapshot());
            String mean = net.parameters().stream().map(Network.Param::name).filter(n -> n.endsWith("running_mean"))
                    .findFirst().orElseThrow();
            // the mean of the shards' means is the batch's mean; the variance lacks the spread between shards
            assertTrue(relative(copies.get(0).get(mean).values(), one.get(mean).values()) <= 1e-5, mean);
            for (String k : copies.get(0).keySet()) {
                assertArrayEquals(copies.get(0).get(k).values(), copies.get(1).get(k).values(), k);
            }
        }
    }

    @Test
    void theSpeedSplitFollowsMeasuredImagesPerSecond() {
        Supplier<Backend> open = JavaBackend::new;
        try (Replicas r = Replicas.open(List.of(open, open), network(false), 1, TrainingFixtures::momentum,
                BatchSplit.Mode.SPEED)) {
            assertArrayEquals(new int[] {15, 15}, r.split(30), "even until measured");
            r.measured(0, 10, 0.1); // 100 images/s; device 1 not timed yet counts as the average
            assertArrayEquals(new int[] {15, 15}, r.split(30));
            r.measured(1, 40, 0.2); // 200 images/s
            assertArrayEquals(new int[] {10, 20}, r.split(30));
            r.measured(1, 0, 0); // no images: nothing learnt
            assertArrayEquals(new int[] {10, 20}, r.split(30));
            r.measured(0, 40, 0.1); // 400 images/s, smoothed: 0.8 * 100 + 0.2 * 400 = 160
            assertArrayEquals(new int[] {16, 20}, r.split(36));
        }
        try (Replicas r = Replicas.open(List.of(open, open), network(false), 1, TrainingFixtures::momentum,
                BatchSplit.Mode.EVEN)) {
            r.measured(1, 40, 0.2);
            assertArrayEquals(new int[] {15, 15}, r.split(30), "an even split ignores speed");
        }
    }

    @Test
    void aFailureOnOneDeviceReachesTheCaller() {
        Supplier<Backend> good = JavaBackend::new;
        Supplier<Backend> bad = () -> {
            throw new IllegalArgumentException("device: there is no device #9");
        };
        var e = assertThrows(IllegalArgumentException.class,
                () -> Replicas.open(List.of(good, bad), network(false), 1, TrainingFixtures::momentum,
                        BatchSplit.Mode.EVEN));
        assertEquals("device: there is no device #9", e.getMessage());
        try (Replicas r = Replicas.open(List.of(good, good), network(false), 1, TrainingFixtures::momentum,
                BatchSplit.Mode.EVEN)) {
            var f = assertThrows(IllegalStateException.class, () -> r.callAll(x -> {
                if (x.index() == 1) {
                    throw new IllegalStateException("device 1 failed");
                }
                return x.index();
            }));
            assertEquals("device 1 failed", f.getMessage());
            assertEquals(Integer.valueOf(0), r.call(0, x -> x.index()));
        }
    }

    /** max |a - b| over max |b|. */
    static double relative(float[] a, float[] b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
