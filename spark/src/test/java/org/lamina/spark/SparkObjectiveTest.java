package org.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.ops.PixelLabels;
import org.lamina.registry.Registry;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.train.DistributedTraining;
import org.lamina.train.EpochStats;
import org.lamina.train.GradientExchange;
import org.lamina.train.Objective;
import org.lamina.train.Target;
import org.lamina.train.Trainer;

/**
 * Objectives on Spark: segmentation by a network without batch normalization (the driver's pixel labels travel with the shards, and masks that
 * leave every third image out give the shards unequal numbers of counted pixels), reconstruction (each
 * worker compares with its own shard's images) and a network with an auxiliary head train on two tasks
 * of batch B as one process of batch 2B: the same parameters, losses, terms and measures. The tasks
 * run on the default device (OpenCL where there is one), the reference on the Java backend.
 */
class SparkObjectiveTest {
    private static final int WORKERS = 2;
    private static final int PER_TASK = 16;

    private final Registry reg = Registry.fromClassPath();
    private final ImageDataset train = Fixtures.data(96, 31);
    private final ImageDataset test = Fixtures.data(40, 32);

    @TempDir
    Path dir;

    record Run(List<EpochStats> epochs, Map<String, float[]> params) {
    }

    private Run train(String run, String arch, String archOptions, int classes, String loss,
            Function<Network, Objective> objective, DistributedTraining.Exchange spark) {
        Network net = reg.architecture(arch).build(Fixtures.SHAPE, classes, Options.parse(archOptions));
        Objective o = objective.apply(net);
        DataLoader loader = DataLoader.of(train, WORKERS * PER_TASK).shuffle(9).build();
        DataLoader testLoader = DataLoader.of(test, 20).build();
        Trainer.Settings settings = new Trainer.Settings(2, 0.05, reg.schedule("constant"), Options.parse(""), 9,
                dir.resolve(run), List.of(), 20);
        try (Backend b = Backends.open("java"); Model m = new Model(net, b, 9);
                Updater u = reg.optimizer("sgd").create(Options.parse("momentum=0.9"))) {
            List<EpochStats> epochs;
            if (spark == null) {
                epochs = new Trainer(new Executor(m), o, u, loader, testLoader, settings, Map.of(),
                        new Trainer.Listener() {
                        }).run(null).epochs();
            } else {
                DistributedTraining.Job job = new DistributedTraining.Job("local[2]", WORKERS, null, arch, archOptions,
                        Fixtures.SHAPE, classes, loss, "test", null, spark).with(o);
                try (GradientExchange ex = new SparkTraining().open(job)) {
                    epochs = new Trainer(new Executor(m), u, ex, o, loader, testLoader, settings, Map.of(),
                            new Trainer.Listener() {
                            }).run(null).epochs();
                }
            }
            return new Run(epochs, Fixtures.values(m));
        }
    }

    private void sameAsOneProcess(String arch, String archOptions, int classes, String loss,
            Function<Network, Objective> objective, DistributedTraining.Exchange exchange, List<String> columns) {
        Run local = train("local", arch, archOptions, classes, loss, objective, null);
        Run spark = train("spark", arch, archOptions, classes, loss, objective, exchange);
        Fixtures.assertClose(local.params(), spark.params(), 1e-4, arch + ": parameters after 2 epochs");
        for (int i = 0; i < local.epochs().size(); i++) {
            EpochStats a = local.epochs().get(i), b = spark.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 1e-4 * Math.abs(a.trainLoss()), "train loss, epoch " + (i + 1));
            assertEquals(a.testLoss(), b.testLoss(), 1e-4 * Math.abs(a.testLoss()), "test loss, epoch " + (i + 1));
            assertEquals(a.extra().keySet(), b.extra().keySet());
            assertTrue(a.extra().keySet().containsAll(columns), a.extra().keySet() + " lacks some of " + columns);
            for (String k : a.extra().keySet()) {
                assertEquals(a.extra(k), b.extra(k), 1e-3 * Math.max(1, Math.abs(a.extra(k))), k + ", epoch " + (i + 1));
            }
        }
    }

    /** Item (the bright band) against background (the noise), every third image of a batch left out. */
    static Target.Pixels masks() {
        Target.Pixels base = (Target.Pixels) Target.foreground(Normalization.of(0f, 1f), 0.45, 0.1);
        return new Target.Pixels(batch -> {
            int[] labels = base.labels().apply(batch);
            int plane = batch.height() * batch.width();
            for (int i = 1; i < batch.size(); i += 3) {
                Arrays.fill(labels, i * plane, (i + 1) * plane, PixelLabels.IGNORE);
            }
            return labels;
        }, "the bright band, every third image left out");
    }

    @Test
    void segmentationOnTwoTasksIsOneProcess() {
        // not U-Net: its batch normalization uses each shard's statistics
        sameAsOneProcess("spark-test-segmenter", "", 2, "cross-entropy",
                net -> Objective.segment(reg.loss("cross-entropy"), net.outputs().get(0), masks()),
                DistributedTraining.Exchange.DEFAULT,
                List.of("train_pixel_accuracy", "train_mean_iou", "test_pixel_accuracy", "test_mean_iou"));
    }

    @Test
    void reconstructionOnTwoTasksIsOneProcess() {
        sameAsOneProcess("autoencoder", "depth=2,base=4", 10, "mse",
                net -> Objective.reconstruct(reg.loss("mse"), net.outputs().get(0), (Target.Images) Target.INPUT, 1),
                DistributedTraining.Exchange.TREE, List.of("train_mse", "train_psnr", "test_mse", "test_psnr"));
    }

    @Test
    void anAuxiliaryHeadOnTwoTasksIsOneProcess() {
        sameAsOneProcess("spark-test-two-heads", "", 10, "cross-entropy",
                net -> Objective.classify(reg.loss("cross-entropy"), "logits").withAuxiliaries(net,
                        reg.architecture("spark-test-two-heads").auxiliaryLossWeights()),
                DistributedTraining.Exchange.BARRIER, List.of("train_loss_logits", "train_loss_aux"));
    }
}
