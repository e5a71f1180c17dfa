package org.lamina.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.Batch;
import org.lamina.data.DataLoader;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.io.AtomicFiles;
import org.lamina.graph.Network;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.ops.ClassLabels;
import org.lamina.ops.PixelLabels;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Mini-batch training: epochs over the training data with any {@link Updater}, evaluation on the
 * test data after each epoch (loss, top-1, top-5), a CSV log and PNG curves, and a checkpoint after
 * each epoch from which {@link #run} can resume exactly: the batches, augmentations and dropout masks
 * of an epoch depend only on the seed and the epoch, and the checkpoint holds the parameters, the
 * optimizer's state and the step counter.
 *
 * <p>On several devices ({@link Replicas}) each batch is split among them, each computes its
 * shard's gradient at the same time, the gradients are summed on the host (each shard's loss
 * gradient weighted by its share of the batch, so the sum is the whole batch's gradient of a
 * mean-reduced loss), and every device applies the same step to its copy. Batch normalization then
 * uses each shard's statistics, and its running statistics are averaged over the shards by size.
 *
 * <p>A loss that becomes NaN or infinite stops the run with {@link TrainingStopped}; the last
 * checkpoint written (after the last good epoch) stays as it was.
 */
public final class Trainer {

    /** What a run is configured with. */
    public record Settings(int epochs, double learningRate, LearningRateSchedule schedule, Options scheduleOptions,
            long seed, Path runDir, List<Regularizer> regularizers, int evalBatchSize) {

        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("training: epochs " + epochs + " must be at least 1");
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("training: learning rate " + learningRate + " must be positive");
            }
            if (evalBatchSize < 1) {
                throw new IllegalArgumentException("training: evaluation batch size " + evalBatchSize + " is below 1");
            }
        }
    }

    /** Told how a run progresses (the command line draws progress bars from it). */
    @ConsumerType
    public interface Listener {
        default void epochStarted(int epoch, int epochs, int batches) {
        }

        default void batchDone(int batch, int images, double loss) {
        }

        default void evaluationStarted(int batches) {
        }

        default void evaluationBatchDone(int batch) {
        }

        default void epochDone(EpochStats stats) {
        }
    }

    /**
     * The outcome of a run.
     *
     * @param finalTest the test set's evaluation after training, with a validation split; else null
     * @param stoppedEarly why early stopping ended the run, or null
     */
    public record Result(List<EpochStats> epochs, Path checkpoint, Path log, Path plot, FinalTest finalTest,
            String stoppedEarly) {
        public Result(List<EpochStats> epochs, Path checkpoint, Path log, Path plot) {
            this(epochs, checkpoint, log, plot, null, null);
        }

        public EpochStats last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

    private final Executor executor;
    private final Model model;
    private final Replicas replicas;
    private final DataParallelStep parallel;
    private final GradientExchange exchange;
    private final Network net;
    private final Loss loss;
    private final Objective objective;
    private final Updater updater;
    private final DataLoader train;
    private final DataLoader test;
    private final Settings settings;
    private final Map<String, String> metadata;
    private final Listener listener;
    private final String input;
    private final String output;
    private DataLoader validation;
    private EarlyStopping stopping;
    private int step;
    private long peakStepBytes;
    private volatile String stopReason;

    /**
     * @param metadata what checkpoints record besides the trainer's own counters (architecture,
     *     dataset, class names, normalization, ...)
     */
    public Trainer(Executor executor, Loss loss, Updater updater, DataLoader train, DataLoader test, Settings settings,
            Map<String, String> metadata, Listener listener) {
        this(executor, null, null, loss, null, updater, train, test, settings, metadata, listener);
    }

    /**
     * Training on one device for {@code objective}: the weighted sum of its loss terms, each over one
     * of the network's outputs; evaluation and metrics use its main output only.
     *
     * @param metadata what checkpoints record besides the trainer's own counters
     */
    public Trainer(Executor executor, Objective objective, Updater updater, DataLoader train, DataLoader test,
            Settings settings, Map<String, String> metadata, Listener listener) {
        this(executor, null, null, objective.main().loss(), objective, updater, train, test, settings, metadata,
                listener);
    }

    /**
     * Data-parallel training on several devices; the caller keeps and closes {@code replicas}.
     *
     * @param metadata what checkpoints record besides the trainer's own counters
     */
    public Trainer(Replicas replicas, Loss loss, DataLoader train, DataLoader test, Settings settings,
            Map<String, String> metadata, Listener listener) {
        this(null, replicas, null, loss, null, null, train, test, settings, metadata, listener);
    }

    /**
     * Data-parallel training on several devices for {@code objective}: each batch's every loss term (and
     * its per-pixel labels or target images) split among the devices with the images, the measures of
     * the shards added up; the caller keeps and closes {@code replicas}.
     *
     * @param metadata what checkpoints record besides the trainer's own counters
     */
    public Trainer(Replicas replicas, Objective objective, DataLoader train, DataLoader test, Settings settings,
            Map<String, String> metadata, Listener listener) {
        this(null, replicas, null, objective.main().loss(), objective, null, train, test, settings, metadata, listener);
    }

    /**
     * Data-parallel training on a cluster: {@code exchange} computes each step's summed gradients on the
     * workers, and this process applies the optimizer step to its model (whose parameters the next step
     * starts from), evaluates, and writes the checkpoint, log and curves as a local run does. The caller
     * keeps and closes {@code exchange}.
     *
     * @param metadata what checkpoints record besides the trainer's own counters
     */
    public Trainer(Executor executor, Updater updater, GradientExchange exchange, Loss loss, DataLoader train,
            DataLoader test, Settings settings, Map<String, String> metadata, Listener listener) {
        this(executor, null, exchange, loss, null, updater, train, test, settings, metadata, listener);
    }

    /**
     * Data-parallel training on a cluster for {@code objective}, which must be the one {@code exchange}'s
     * workers were given ({@link DistributedTraining.Job#objective()}): this process makes each batch's
     * pixel labels or target images and sends them with the shards.
     *
     * @param metadata what checkpoints record besides the trainer's own counters
     */
    public Trainer(Executor executor, Updater updater, GradientExchange exchange, Objective objective,
            DataLoader train, DataLoader test, Settings settings, Map<String, String> metadata, Listener listener) {
        this(executor, null, exchange, objective.main().loss(), objective, updater, train, test, settings, metadata,
                listener);
    }

    private Trainer(Executor executor, Replicas replicas, GradientExchange exchange, Loss loss, Objective objective,
            Updater updater, DataLoader train, DataLoader test, Settings settings, Map<String, String> metadata,
            Listener listener) {
        this.executor = executor;
        this.exchange = exchange;
        this.replicas = replicas;
        this.model = executor != null ? executor.model() : null;
        this.net = executor != null ? model.network() : replicas.network();
        this.loss = loss;
        this.updater = updater;
        this.train = train;
        this.test = test;
        this.settings = settings;
        this.metadata = Map.copyOf(metadata);
        this.listener = listener;
        if (net.inputs().size() != 1) {
            throw new IllegalArgumentException("training needs a network with one input; " + net.name()
                    + " has inputs " + net.inputs() + " and outputs " + net.outputs());
        }
        this.input = net.inputs().get(0);
        // a network of several outputs trains its first (the main one, by the Architecture contract) unless
        // the objective says otherwise
        this.objective = objective != null ? objective : Objective.classify(loss, net.outputs().get(0));
        this.objective.check(net);
        this.output = this.objective.main().output();
        this.parallel = replicas != null ? new DataParallelStep(replicas, input, this.objective, settings.regularizers())
                : exchange != null ? new DataParallelStep(net, input, this.objective, settings.regularizers()) : null;
    }

    /**
     * Evaluates each epoch on {@code validation} instead of the test data, keeps the best epoch by
     * {@code stopping}'s metric in {@link #bestCheckpointFile}, stops when its patience runs out, and
     * evaluates the test data once at the end, on the best epoch's parameters (the test loader may
     * then be null: no final test). Call before {@link #run}.
     */
    public Trainer validateOn(DataLoader validation, EarlyStopping stopping) {
        this.validation = Objects.requireNonNull(validation, "validation");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        return this;
    }

    /** Where the checkpoint of the best validation epoch of this run's directory is. */
    public static Path bestCheckpointFile(Path runDir) {
        return runDir.resolve("best.safetensors");
    }

    /** Where the checkpoint of this run's directory is. */
    public static Path checkpointFile(Path runDir) {
        return runDir.resolve("checkpoint.safetensors");
    }

    /**
     * Trains from the start, or resumes after the epoch recorded in {@code resume} (its parameters
     * and optimizer state already loaded by {@link #restore}).
     */
    public Result run(Checkpoint resume) {
        int first = 0;
        TrainingLog log = new TrainingLog(settings.runDir());
        if (resume != null) {
            Metadata.Progress progress = Metadata.Progress.of(resume);
            first = progress.epoch();
            step = progress.step();
            log.resumeFrom(first, resume.meta(Metadata.LOG_CSV, null));
            if (!log.rows().isEmpty()) {
                log.write(); // the log of the checkpoint's epochs, whatever a crash left in the files
            }
        }
        Path ckpt = checkpointFile(settings.runDir());
        // the early-stopping state is a function of the validation column of the log: replay it on resume
        EarlyStopping.Tracker best = validation == null ? null : stopping.tracker();
        String stopped = null;
        if (best != null) {
            log.rows().forEach(best::update);
            if (first > 0 && best.bestEpoch() == first) {
                // the checkpoint is the best epoch: a crash may have come between writing it and its copy
                keepBest(ckpt);
            }
            if (best.shouldStop() && !log.rows().isEmpty()) {
                stopped = best.reason(log.rows().get(log.rows().size() - 1).epoch());
            }
        }
        IntToDoubleFunction rates = settings.schedule().rates(settings.learningRate(), settings.epochs(),
                settings.scheduleOptions());
        for (int epoch = first; epoch < settings.epochs() && stopped == null; epoch++) {
            double lr = rates.applyAsDouble(epoch);
            long t0 = System.nanoTime();
            peakStepBytes = 0;
            Metrics m;
            try {
                m = replicas != null ? trainEpochParallel(epoch, lr)
                        : exchange != null ? trainEpochRemote(epoch, lr) : trainEpoch(epoch, lr);
            } catch (AllocationTooLarge e) {
                throw e.in("training step " + step + " (epoch " + (epoch + 1) + ")");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (replicas != null) {
                parallel.realign();
            }
            Metrics e;
            try {
                e = evaluate(validation != null ? validation : test);
            } catch (AllocationTooLarge tooLarge) {
                throw tooLarge.in((validation != null ? "validating" : "testing") + " after epoch " + (epoch + 1));
            }
            if (!Double.isFinite(e.loss())) {
                // the epoch's last update left parameters that are not finite: saving them would replace
                // the last good checkpoint with one that neither predict nor --resume accepts
                throw new TrainingStopped("the " + (validation != null ? "validation" : "test") + " loss became "
                        + e.loss() + " after epoch " + (epoch + 1)
                        + " (learning rate " + lr + "): the parameters are no longer finite; training stopped and"
                        + " epoch " + (epoch + 1) + " is not saved. " + (epoch > 0
                        ? "The last good checkpoint, from the end of epoch " + epoch + ", is " + ckpt + "."
                        : "No epoch completed, so there is no checkpoint.") + " Try a lower learning rate.");
            }
            long scratch = replicas == null ? model.backend().scratchBytes()
                    : replicas.callAll(r -> r.backend().scratchBytes()).stream().mapToLong(Long::longValue).max()
                            .orElse(0);
            boolean classify = objective.task() == Objective.Task.CLASSIFY;
            double top1 = classify ? m.top1() : Double.NaN, top5 = classify ? m.top5() : Double.NaN;
            double eTop1 = classify ? e.top1() : Double.NaN, eTop5 = classify ? e.top5() : Double.NaN;
            Map<String, Double> extra = extraColumns(m, e, validation != null ? "val_" : "test_");
            EpochStats stats = validation == null
                    ? new EpochStats(epoch + 1, lr, m.loss(), top1, top5, e.loss(), eTop1, eTop5, seconds,
                            m.count() / seconds, peakStepBytes, scratch, Double.NaN, Double.NaN, Double.NaN, extra)
                    : new EpochStats(epoch + 1, lr, m.loss(), top1, top5, Double.NaN, Double.NaN, Double.NaN,
                            seconds, m.count() / seconds, peakStepBytes, scratch, e.loss(), eTop1, eTop5, extra);
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            // The checkpoint is the commit of the epoch: it records the log, which is written after it,
            // so the files never show an epoch the checkpoint lacks and a resumed run restores any row lost.
            meta.put(Metadata.LOG_CSV, log.csvTextWith(stats));
            new Metadata.Progress(epoch + 1, step).into(meta);
            meta.put(Metadata.EPOCHS, Integer.toString(settings.epochs()));
            meta.put(Metadata.SEED, Long.toString(settings.seed()));
            if (classify) {
                meta.put(validation != null ? Metadata.VALIDATION_ACCURACY : Metadata.TEST_ACCURACY, Double.toString(e.top1()));
            } else {
                meta.put(Metadata.TASK, objective.task().label());
                stats.extra().forEach((k, v) -> {
                    if (k.startsWith("test_") || k.startsWith("val_")) {
                        meta.put(k, Double.toString(v));
                    }
                });
            }
            if (objective.terms().size() > 1) {
                meta.put(Metadata.OBJECTIVE, objective.describe());
            }
            if (replicas == null) {
                Checkpoint.write(ckpt, model, updater.state(), meta);
            } else {
                // the replicas are equal: the first one's parameters and optimizer state are the run's
                replicas.call(0, r -> {
                    Checkpoint.write(ckpt, r.model(), r.updater().state(), meta);
                    return null;
                });
            }
            if (best != null && best.update(stats)) {
                keepBest(ckpt);
            }
            log.add(stats);
            logDeviceMemory(epoch + 1);
            listener.epochDone(stats);
            if (best != null && best.shouldStop()) {
                stopped = best.reason(epoch + 1);
                LOG.log(System.Logger.Level.DEBUG, stopped);
            }
        }
        FinalTest finalTest = validation != null && test != null && !log.rows().isEmpty() ? finalTest(best) : null;
        return new Result(log.rows(), ckpt, log.csvFile(), log.plotFile(), finalTest, stopped);
    }

    /** Copies the epoch's checkpoint, as it is, to the name of the best. */
    private void keepBest(Path ckpt) {
        try {
            AtomicFiles.write(bestCheckpointFile(settings.runDir()), Files.readAllBytes(ckpt));
        } catch (IOException io) {
            throw new UncheckedIOException("keeping the best checkpoint of " + settings.runDir() + ": " + io.getMessage(),
                    io);
        }
    }

    /**
     * The test data's one evaluation, on the best validation epoch's parameters (restored from its
     * checkpoint), written to {@code test.csv}.
     */
    private FinalTest finalTest(EarlyStopping.Tracker best) {
        Path file = bestCheckpointFile(settings.runDir());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the best checkpoint " + file + " is missing: the run folder was changed"
                    + " while training");
        }
        Checkpoint c = Checkpoint.read(file);
        restore(c);
        Metrics t;
        try {
            t = evaluate(test);
        } catch (AllocationTooLarge tooLarge) {
            throw tooLarge.in("testing the best epoch");
        }
        FinalTest result = new FinalTest(c.count(Metadata.EPOCH), t.loss(), t.top1(), t.top5(), file);
        try {
            AtomicFiles.write(settings.runDir().resolve("test.csv"), result.csv().getBytes(StandardCharsets.UTF_8));
        } catch (IOException io) {
            throw new UncheckedIOException("writing test.csv in " + settings.runDir() + ": " + io.getMessage(), io);
        }
        return result;
    }

    /** A batch's images on the device; a batch too large for it is refused as the input batch. */
    private static Tensor upload(Backend b, Batch batch) {
        try {
            return b.tensor(batch.images(), batch.shape());
        } catch (AllocationTooLarge e) {
            throw e.of("the input batch of shape " + Arrays.toString(batch.shape()));
        }
    }

    /** What the device holds after an epoch, for leak hunts (a soak run: benchmarks/soak.sh). */
    private void logDeviceMemory(int epoch) {
        if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        List<Backend> backends = replicas == null ? List.of(model.backend())
                : replicas.callAll(r -> r.backend());
        for (Backend b : backends) {
            LOG.log(System.Logger.Level.DEBUG, String.format("after epoch %d (step %d) on %s: %d bytes of live tensors,"
                    + " %d bytes of kernel scratch, %d device buffers", epoch, step, b.device(), b.memory().inUse(),
                    b.scratchBytes(), b.deviceBuffers()));
        }
    }

    /**
     * Asks the run to stop after the step in progress (a plugin it uses went away, say); {@link #run}
     * then throws {@link TrainingStopped} with {@code reason}. Safe to call from any thread.
     */
    public void requestStop(String reason) {
        stopReason = reason;
    }

    /** Loads parameters and optimizer state from a checkpoint, for {@link #run}. */
    public void restore(Checkpoint c) {
        if (replicas == null) {
            restore(c, model, updater);
        } else {
            replicas.callAll(r -> {
                restore(c, r.model(), r.updater());
                return null;
            });
        }
    }

    private static void restore(Checkpoint c, Model model, Updater updater) {
        c.loadInto(model);
        Map<String, SafeTensors.Entry> state = c.optimizerState();
        if (!state.isEmpty()) {
            Backend b = model.backend();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                state.forEach((k, v) -> {
                    try {
                        tensors.put(k, b.tensor(v.values(), v.shape()));
                    } catch (AllocationTooLarge e) {
                        throw e.in("optimizer state " + k + " of " + c.file());
                    }
                });
                updater.restore(tensors);
            } finally {
                tensors.values().forEach(Tensor::close);
            }
        }
    }

    /**
     * One epoch of steps. The host stays a step ahead of the device: a step's loss and logits are
     * copied back without waiting ({@link Tensor#readLater()}) and looked at only after the next step
     * has been queued, so the device always has work while the host prepares a batch and queues
     * kernels. The parameters a step updates are the same as with a wait after each step; only a
     * non-finite loss is noticed one step later (and the run stops before any checkpoint).
     */
    private Metrics trainEpoch(int epoch, double lr) {
        Metrics m = new Metrics();
        Backend b = model.backend();
        listener.epochStarted(epoch + 1, settings.epochs(), train.batches());
        Iterator<Batch> it = train.epoch(epoch);
        StepResult previous = null;
        int index = 0;
        while (it.hasNext()) {
            Batch batch = it.next();
            step++;
            b.memory().resetPeak();
            StepResult current;
            try (Tensor x = upload(b, batch);
                    Pass pass = executor.forward(Map.of(input, x), stepSeed(step), Set.of())) {
                current = objectiveStep(b, pass, batch);
            }
            List<Updater.Param> params = new ArrayList<>();
            for (Network.Param p : net.parameters()) {
                Tensor g = model.grad(p.name());
                if (p.spec().trainable() && g != null) {
                    params.add(new Updater.Param(p.name(), model.param(p.name()), g, p.spec().regularized()));
                }
            }
            for (Regularizer r : settings.regularizers()) {
                r.beforeStep(b, params);
            }
            updater.step(params, lr, step);
            for (Regularizer r : settings.regularizers()) {
                r.afterStep(b, params);
            }
            peakStepBytes = Math.max(peakStepBytes, b.memory().peak());
            model.clearGradients();
            if (previous != null) {
                finish(previous, m, epoch, lr, ++index);
            }
            previous = current;
            String stop = stopReason;
            if (stop != null) {
                throw new TrainingStopped(stop + "; training stopped after step " + step + " (epoch " + (epoch + 1)
                        + "). " + (epoch > 0 ? "The checkpoint of epoch " + epoch + " is "
                                + checkpointFile(settings.runDir()) + "." : "No epoch completed, so there is no checkpoint."));
            }
        }
        if (previous != null) {
            finish(previous, m, epoch, lr, ++index);
        }
        return m;
    }

    /**
     * One epoch of data-parallel steps. The host waits for every device once a step: each device's
     * work for a step first applies the previous step's update (the summed gradients), then computes
     * its shard of this step, and the host prepares the next batch meanwhile. The last update of the
     * epoch is applied before the epoch ends. A non-finite loss stops the run before its update.
     */
    private Metrics trainEpochParallel(int epoch, double lr) {
        Metrics m = new Metrics();
        listener.epochStarted(epoch + 1, settings.epochs(), train.batches());
        Iterator<Batch> it = train.epoch(epoch);
        int index = 0;
        DataParallelStep.Update pending = null;
        Batch batch = it.hasNext() ? it.next() : null;
        while (batch != null) {
            step++;
            int s = step;
            Batch current = batch;
            int[] sizes = replicas.split(current.size());
            int[] starts = DataParallelStep.starts(sizes);
            Object target = shippedTarget(current);
            double[] shares = DataParallelStep.shares(objective.main().target() instanceof Target.Pixels, target,
                    starts, sizes, current.size());
            DataParallelStep.Update apply = pending;
            Replicas.Pending<DataParallelStep.Shard> running = replicas.startAll(r -> {
                r.backend().memory().resetPeak();
                if (apply != null) {
                    parallel.apply(r, apply);
                }
                int i = r.index();
                return parallel.shard(r, current, sizes[i], starts[i],
                        DataParallelStep.slice(target, current.size(), starts[i], sizes[i]), shares[i],
                        shardSeed(s, starts[i]));
            });
            batch = it.hasNext() ? it.next() : null;
            pending = parallel.reduce(running.await(), current.size(), lr, s);
            peakStepBytes = Math.max(peakStepBytes, pending.peakBytes());
            finish(combined(s, current, pending.terms(), pending.logits(), pending.measured()), m, epoch, lr, ++index);
            String stop = stopReason;
            if (stop != null) {
                throw new TrainingStopped(stop + "; training stopped after step " + step + " (epoch " + (epoch + 1)
                        + "). " + (epoch > 0 ? "The checkpoint of epoch " + epoch + " is "
                                + checkpointFile(settings.runDir()) + "." : "No epoch completed, so there is no checkpoint."));
            }
        }
        if (pending != null) {
            DataParallelStep.Update last = pending;
            replicas.callAll(r -> {
                parallel.apply(r, last);
                return null;
            });
        }
        return m;
    }

    /**
     * One epoch of steps whose gradients the cluster computes ({@link GradientExchange}): each step sends
     * the parameters, gets the summed gradients back, and applies the optimizer step here, as
     * {@link #trainEpochParallel} applies it on each device. A non-finite loss stops the run before
     * its update.
     */
    private Metrics trainEpochRemote(int epoch, double lr) {
        Metrics m = new Metrics();
        listener.epochStarted(epoch + 1, settings.epochs(), train.batches());
        Replicas.Replica self = new Replicas.Replica(0, model.backend(), model, executor, updater);
        Iterator<Batch> it = train.epoch(epoch);
        int index = 0;
        while (it.hasNext()) {
            Batch batch = it.next();
            step++;
            Map<String, float[]> params = new LinkedHashMap<>();
            model.snapshot().forEach((k, v) -> params.put(k, v.values()));
            Object target = shippedTarget(batch);
            GradientExchange.StepGradients g = target == null
                    ? exchange.compute(batch, epoch, index, stepSeed(step), params)
                    : exchange.compute(batch, epoch, index, stepSeed(step), target, params);
            if (g.terms().length != objective.terms().size()
                    || (g.measured() == null) != (objective.task() == Objective.Task.CLASSIFY)) {
                throw new IllegalStateException(exchange.describe() + " trained for another objective than this run's "
                        + objective.task().label() + " of " + objective.terms().size() + " terms (" + objective.describe()
                        + "): open its job with the same objective");
            }
            finish(combined(step, batch, g.terms(), g.logits(), g.measured()), m, epoch, lr, ++index);
            model.backend().memory().resetPeak();
            parallel.apply(self, new DataParallelStep.Update(g.terms(), g.logits(), g.measured(), g.gradients(),
                    g.state(), lr, step, 0));
            peakStepBytes = Math.max(peakStepBytes, model.backend().memory().peak());
            String stop = stopReason;
            if (stop != null) {
                throw new TrainingStopped(stop + "; training stopped after step " + step + " (epoch " + (epoch + 1)
                        + "). " + (epoch > 0 ? "The checkpoint of epoch " + epoch + " is "
                                + checkpointFile(settings.runDir()) + "." : "No epoch completed, so there is no checkpoint."));
            }
        }
        return m;
    }

    /** Loss and accuracy on {@code data} in inference mode, each batch split among the devices. */
    private Metrics evaluateParallel(DataLoader data) {
        Metrics m = new Metrics();
        listener.evaluationStarted(data.batches());
        Iterator<Batch> it = data.epoch(0);
        int index = 0;
        while (it.hasNext()) {
            Batch batch = it.next();
            int[] sizes = BatchSplit.even(batch.size(), replicas.size());
            int[] starts = DataParallelStep.starts(sizes);
            Objective.Term t = objective.main();
            Object target = shippedTarget(batch);
            double[] shares = DataParallelStep.shares(t.target() instanceof Target.Pixels, target, starts, sizes,
                    batch.size());
            List<DataParallelStep.Shard> shards = replicas.callAll(r -> {
                int n = sizes[r.index()];
                if (n == 0) {
                    return new DataParallelStep.Shard(0, 0, new double[0], new float[0], null, Map.of(), Map.of(), 0, 0);
                }
                Backend b = r.backend();
                Batch part = BatchSplit.slice(batch, starts[r.index()], n);
                Object sliced = DataParallelStep.slice(target, batch.size(), starts[r.index()], n);
                Object host = sliced != null ? sliced : hostTarget(t.target(), part);
                try (Tensor x = upload(b, part)) {
                    Map<String, Tensor> outs = r.executor().infer(Map.of(input, x));
                    try {
                        // the main output only: auxiliary heads are for training
                        Tensor out = outs.get(output);
                        try (Tensor y = targetTensor(b, t.target(), host, part, out);
                                Loss.Result res = t.loss().evaluate(out, y)) {
                            Supplier<float[]> l = res.loss().readLater();
                            Supplier<float[]> o = out.readLater();
                            float[] values = o.get();
                            Metrics measured = DataParallelStep.measure(objective, values, host, n);
                            return new DataParallelStep.Shard(n, shares[r.index()], new double[] {l.get()[0]},
                                    measured == null ? values : new float[0], measured, Map.of(), Map.of(), 0, 0);
                        }
                    } finally {
                        outs.values().forEach(Tensor::close);
                    }
                }
            });
            double value = 0;
            float[] logits = new float[0];
            Metrics measured = objective.task() == Objective.Task.CLASSIFY ? null : new Metrics();
            for (DataParallelStep.Shard sh : shards) {
                if (sh.images() == 0) {
                    continue;
                }
                value += sh.share() * sh.loss();
                logits = DataParallelStep.append(logits, sh.logits());
                if (measured != null) {
                    measured.addMeasures(sh.measured());
                }
            }
            count(combined(0, batch, new double[] {value}, logits, measured), m);
            listener.evaluationBatchDone(++index);
        }
        return m;
    }

    /**
     * The seed of a shard's pass: the step's seed for the shard that starts the batch, another for
     * each other shard, so that shards of equal size do not draw the same dropout masks.
     */
    private long shardSeed(int s, int start) {
        return DataParallelStep.shardSeed(stepSeed(s), start);
    }

    /**
     * A queued step's loss and main output, on their way to the host; with an {@link Objective}, also
     * each term's loss (null for a term of weight 0) and the main term's target on the host.
     */
    private record StepResult(int step, Batch batch, Supplier<float[]> loss, Supplier<float[]> logits,
            List<Supplier<float[]>> terms, Object target, Metrics measured) {
        StepResult(int step, Batch batch, Supplier<float[]> loss, Supplier<float[]> logits,
                List<Supplier<float[]>> terms, Object target) {
            this(step, batch, loss, logits, terms, target, null);
        }
    }

    /**
     * A step (or evaluated batch) whose shards were combined on the host: each term's value over the
     * batch, the main output's logits (a classifier's) or measures (a dense task's).
     */
    private StepResult combined(int s, Batch batch, double[] terms, float[] logits, Metrics measured) {
        List<Supplier<float[]>> values = new ArrayList<>();
        for (double v : terms) {
            float[] f = {(float) v};
            values.add(Double.isNaN(v) ? null : () -> f);
        }
        float[] main = {(float) terms[0]};
        return new StepResult(s, batch, () -> main, () -> logits, values, null, measured);
    }

    /**
     * The main target's values for the whole of {@code batch} where the host makes them for the shards
     * (pixel labels, target images); null where each shard makes its own (class labels, the input).
     */
    private Object shippedTarget(Batch batch) {
        Target t = objective.main().target();
        return DataParallelStep.shipped(t) ? hostTarget(t, batch) : null;
    }

    /**
     * The loss terms of a training pass and its backward: each term's gradient scaled by its weight
     * on the device, every output's gradient handed to one backward pass. Nothing is read back here.
     */
    private StepResult objectiveStep(Backend b, Pass pass, Batch batch) {
        List<Supplier<float[]>> termLosses = new ArrayList<>();
        List<Loss.Result> results = new ArrayList<>();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<Target, Object> hostTargets = new HashMap<>();
        try {
            for (Objective.Term t : objective.terms()) {
                if (t.weight() == 0) {
                    termLosses.add(null);
                    continue;
                }
                Tensor out = pass.output(t.output());
                Object host = hostTargets.computeIfAbsent(t.target(), k -> hostTarget(k, batch));
                Loss.Result r;
                try (Tensor y = targetTensor(b, t.target(), host, batch, out)) {
                    r = t.target() instanceof Target.Classes ? evaluate(t.loss(), b, out, y, batch)
                            : t.loss().evaluate(out, y);
                }
                results.add(r);
                if (t.weight() != 1) {
                    b.elementwise().scaleInPlace(r.gradient(), t.weight());
                }
                grads.put(t.output(), r.gradient());
                termLosses.add(r.loss().readLater());
            }
            executor.backward(pass, grads, Set.of());
            Supplier<float[]> main = termLosses.get(0);
            return new StepResult(step, batch, main, pass.output(output).readLater(), termLosses,
                    hostTargets.get(objective.main().target()));
        } finally {
            results.forEach(Loss.Result::close);
        }
    }

    /** A target's values for {@code batch} on the host: class labels or pixel labels ({@code int[]}), images. */
    static Object hostTarget(Target t, Batch batch) {
        if (t instanceof Target.Pixels p) {
            int[] labels = p.labels().apply(batch);
            int want = batch.size() * batch.height() * batch.width();
            if (labels.length != want) {
                throw new IllegalArgumentException("pixel targets (" + p.description() + "): " + labels.length
                        + " labels for a batch of " + batch.size() + " " + batch.height() + "x" + batch.width()
                        + " images");
            }
            return labels;
        }
        if (t instanceof Target.Images im) {
            return im.images().apply(batch);
        }
        return batch.labels();
    }

    /** The target on the device, checked against {@code out}, the output it is compared with. */
    static Tensor targetTensor(Backend b, Target t, Object host, Batch batch, Tensor out) {
        if (t instanceof Target.Pixels) {
            if (out.rank() != 4 || out.dim(2) != batch.height() || out.dim(3) != batch.width()) {
                throw new IllegalArgumentException("segmentation needs per-pixel logits [N, classes, " + batch.height()
                        + ", " + batch.width() + "], the output is " + out.shape());
            }
            return PixelLabels.tensor(b, (int[]) host, out.dim(1), batch.size(), batch.height(),
                    batch.width());
        }
        if (t instanceof Target.Images) {
            float[] v = (float[]) host;
            if (v.length != out.size()) {
                throw new IllegalArgumentException("reconstruction: the output " + out.shape() + " holds " + out.size()
                        + " values, the target images " + v.length + " (" + t.description() + ")");
            }
            return b.tensor(v, out.dims());
        }
        return labels(b, batch.labels(), out);
    }

    /** Each term's value and the weighted total of a finished step, or only the loss without terms. */
    private double[] termValues(StepResult s) {
        if (s.terms() == null) {
            return new double[] {s.loss().get()[0]};
        }
        double[] v = new double[s.terms().size()];
        for (int i = 0; i < v.length; i++) {
            Supplier<float[]> t = s.terms().get(i);
            v[i] = t == null ? Double.NaN : t.get()[0];
        }
        return v;
    }

    /** Counts a step's main output against its target as the task measures it. */
    private void count(Metrics m, StepResult s, double total, double[] terms) {
        Batch batch = s.batch();
        if (s.measured() != null) {
            // the shards measured their parts: their sums are the batch's
            m.addLoss(total, batch.size());
            m.addMeasures(s.measured());
        } else {
            countOutput(m, s, total);
        }
        if (terms != null && objective.terms().size() > 1) {
            for (int i = 0; i < terms.length; i++) {
                m.addTerm(objective.terms().get(i).output(), terms[i], batch.size());
            }
        }
    }

    private void countOutput(Metrics m, StepResult s, double total) {
        Batch batch = s.batch();
        float[] out = s.logits().get();
        switch (objective.task()) {
            case CLASSIFY -> m.add(total, out, batch.labels());
            case SEGMENT -> {
                int[] labels = (int[]) s.target();
                m.addLoss(total, batch.size());
                m.addPixels(out, labels, batch.size(), out.length / labels.length);
            }
            case RECONSTRUCT -> {
                m.addLoss(total, batch.size());
                m.addImages(out, (float[]) s.target(), objective.peak());
            }
        }
    }

    /**
     * The log's further columns: each term's training loss with several terms, the task's measures on
     * the training batches and on the evaluated data ({@code evaluated}: {@code test_} or {@code val_}).
     */
    private Map<String, Double> extraColumns(Metrics train, Metrics test, String evaluated) {
        Map<String, Double> extra = new LinkedHashMap<>();
        if (objective.terms().size() > 1) {
            train.termLosses().forEach((k, v) -> extra.put("train_loss_" + k, v));
        }
        switch (objective.task()) {
            case SEGMENT -> {
                extra.put("train_pixel_accuracy", train.pixelAccuracy());
                extra.put("train_mean_iou", train.meanIoU());
                extra.put(evaluated + "pixel_accuracy", test.pixelAccuracy());
                extra.put(evaluated + "mean_iou", test.meanIoU());
            }
            case RECONSTRUCT -> {
                extra.put("train_mse", train.meanSquaredError());
                extra.put("train_psnr", train.psnr());
                extra.put(evaluated + "mse", test.meanSquaredError());
                extra.put(evaluated + "psnr", test.psnr());
            }
            case CLASSIFY -> {
            }
        }
        return extra;
    }

    /** Waits for a step's loss and logits, stops on a non-finite loss, and counts the step. */
    private void finish(StepResult s, Metrics m, int epoch, double lr, int index) {
        double[] terms = s.terms() == null ? null : termValues(s);
        double value = s.loss().get()[0];
        if (terms != null) {
            value = 0;
            for (int i = 0; i < terms.length; i++) {
                double w = objective.terms().get(i).weight();
                value += w == 0 ? 0 : w * terms[i];
            }
        }
        if (!Double.isFinite(value)) {
            throw new TrainingStopped("the loss became " + value + " at epoch " + (epoch + 1) + ", step " + s.step()
                    + " (learning rate " + lr + "); training stopped. " + (epoch > 0
                    ? "The last good checkpoint, from the end of epoch " + epoch + ", is "
                            + checkpointFile(settings.runDir()) + "."
                    : "No epoch completed, so there is no checkpoint.") + " Try a lower learning rate.");
        }
        count(m, s, value, terms);
        listener.batchDone(index, s.batch().size(), value);
    }

    /**
     * The batch's labels on the device, checked on the host as they are made (so the loss need not
     * read them back) when the output is {@code [N, classes]}.
     */
    static Tensor labels(Backend b, int[] labels, Tensor out) {
        if (out.rank() == 2) {
            return ClassLabels.tensor(b, labels, out.dim(1));
        }
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        return b.tensor(values, labels.length);
    }

    /** The loss of a batch; with mixup, the same mix of the losses of both label sets. */
    static Loss.Result evaluate(Loss loss, Backend b, Tensor out, Tensor y, Batch batch) {
        Loss.Result r = loss.evaluate(out, y);
        if (batch.mixLabels() == null) {
            return r;
        }
        try (Tensor y2 = labels(b, batch.mixLabels(), out); Loss.Result r2 = loss.evaluate(out, y2)) {
            // mixed on the device, like the gradients, so that nothing waits for the values
            double lambda = batch.lambda();
            b.elementwise().scaleInPlace(r.gradient(), lambda);
            b.elementwise().accumulate(r.gradient(), r2.gradient(), 1 - lambda);
            b.elementwise().scaleInPlace(r.loss(), lambda);
            b.elementwise().accumulate(r.loss(), r2.loss(), 1 - lambda);
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Loss and accuracy on the test data, in inference mode. */
    public Metrics evaluate() {
        return evaluate(test);
    }

    /** Loss and accuracy on {@code data} (test or validation images), in inference mode. */
    private Metrics evaluate(DataLoader data) {
        if (replicas != null) {
            return evaluateParallel(data);
        }
        Metrics m = new Metrics();
        Backend b = model.backend();
        listener.evaluationStarted(data.batches());
        Iterator<Batch> it = data.epoch(0);
        // as in training, a batch's results are read once the next batch is queued
        StepResult previous = null;
        int index = 0;
        while (it.hasNext()) {
            Batch batch = it.next();
            StepResult current;
            try (Tensor x = upload(b, batch)) {
                Map<String, Tensor> outs = executor.infer(Map.of(input, x));
                try {
                    // the main output only: auxiliary heads are for training
                    Objective.Term t = objective.main();
                    Tensor out = outs.get(output);
                    Object host = hostTarget(t.target(), batch);
                    try (Tensor y = targetTensor(b, t.target(), host, batch, out);
                            Loss.Result r = t.loss().evaluate(out, y)) {
                        current = new StepResult(0, batch, r.loss().readLater(), out.readLater(), null, host);
                    }
                } finally {
                    outs.values().forEach(Tensor::close);
                }
            }
            if (previous != null) {
                count(previous, m);
                listener.evaluationBatchDone(++index);
            }
            previous = current;
        }
        if (previous != null) {
            count(previous, m);
            listener.evaluationBatchDone(++index);
        }
        return m;
    }

    private void count(StepResult s, Metrics m) {
        count(m, s, s.loss().get()[0], null);
    }

    private long stepSeed(int s) {
        return settings.seed() * 0x9E3779B97F4A7C15L + s;
    }
}
