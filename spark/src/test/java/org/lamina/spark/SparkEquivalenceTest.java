package org.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.registry.Registry;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.train.DistributedTraining;
import org.lamina.train.GradientExchange;
import org.lamina.train.Trainer;


/**
 * N Spark tasks with batch B each train the same parameters, within float tolerance, as one process
 * with batch N·B (same seeds, same data order), and a resumed run continues as the whole run would.
 * The tasks run on the default device (OpenCL where there is one), the reference on the Java backend.
 */
class SparkEquivalenceTest {
    private static final int WORKERS = 2;
    private static final int PER_TASK = 16;

    private final Registry reg = Registry.fromClassPath();
    private final ImageDataset train = Fixtures.data(96, 21);
    private final ImageDataset test = Fixtures.data(64, 22);

    @TempDir
    Path dir;

    /** Trains {@code epochs} (resuming from {@code resume} when given); the parameters at the end. */
    private Map<String, float[]> train(Path run, int epochs, DistributedTraining.Exchange spark, Checkpoint resume) {
        Network net = reg.architecture("lenet5").build(Fixtures.SHAPE, 10, Options.parse(""));
        DataLoader loader = DataLoader.of(train, WORKERS * PER_TASK).shuffle(9).build();
        DataLoader testLoader = DataLoader.of(test, 32).build();
        Trainer.Settings settings = new Trainer.Settings(epochs, 0.05, reg.schedule("constant"), Options.parse(""), 9,
                run, List.of(), 32);
        Map<String, String> meta = Map.of("architecture", "lenet5");
        try (Backend b = Backends.open("java"); Model m = new Model(net, b, 9);
                Updater u = reg.optimizer("sgd").create(Options.parse("momentum=0.9"))) {
            Trainer t;
            GradientExchange ex = spark != null ? new SparkTraining().open(Fixtures.job(null, WORKERS, spark)) : null;
            try {
                t = spark != null ? new Trainer(new Executor(m), u, ex, reg.loss("cross-entropy"), loader, testLoader, settings,
                        meta, new Trainer.Listener() {
                        }) : new Trainer(new Executor(m), reg.loss("cross-entropy"), u, loader, testLoader, settings, meta,
                        new Trainer.Listener() {
                        });
                if (resume != null) {
                    t.restore(resume);
                }
                Trainer.Result r = t.run(resume);
                assertTrue(Files.exists(r.checkpoint()) && Files.exists(r.log()) && Files.exists(r.plot()));
            } finally {
                if (ex != null) {
                    ex.close();
                }
            }
            return Fixtures.values(m);
        }
    }

    /** The one-process run, trained once for all the exchanges. */
    private static Map<String, float[]> local;

    @ParameterizedTest
    @EnumSource(DistributedTraining.Exchange.class)
    void twoTasksOfBatchBTrainAsOneProcessOfBatch2B(DistributedTraining.Exchange exchange) {
        if (local == null) {
            local = train(dir.resolve("local"), 2, null, null);
        }
        Map<String, float[]> spark = train(dir.resolve("spark"), 2, exchange, null);
        // 12 steps of SGD with momentum: the tasks' sums and OpenCL's rounding stay within float tolerance
        Fixtures.assertClose(local, spark, 1e-4, "parameters after 2 epochs");
        try (Backend b = Backends.open("java");
                Model initial = new Model(reg.architecture("lenet5").build(Fixtures.SHAPE, 10, Options.parse("")), b, 9)) {
            assertTrue(Fixtures.maxDifference(local, Fixtures.values(initial)) > 1e-2, "training moved the parameters");
        }

        if (exchange != DistributedTraining.Exchange.DEFAULT) {
            return;
        }
        // the checkpoint of epoch 1, resumed on the cluster for epoch 2, ends where the whole run did
        Path half = dir.resolve("half");
        train(half, 1, exchange, null);
        Checkpoint c = Checkpoint.read(Trainer.checkpointFile(half));
        assertEquals(1, c.count("epoch"));
        Map<String, float[]> resumed = train(half, 2, exchange, c);
        Fixtures.assertClose(spark, resumed, 1e-5, "parameters after resuming");
        assertEquals(3, lines(half.resolve("log.csv")), "header and two epochs in the resumed run's log");
    }

    private static long lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
