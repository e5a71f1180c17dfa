package org.lamina.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.Batch;
import org.lamina.data.DataLoader;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.ops.ClassLabels;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * Mini-batch training: epochs over the training data with any {@link Updater}, evaluation on the
 * test data after each epoch (loss, top-1, top-5), a CSV log and PNG curves, and a checkpoint after
 * each epoch from which {@link #run} can resume exactly: the batches, augmentations and dropout masks
 * of an epoch depend only on the seed and the epoch, and the checkpoint holds the parameters, the
 * optimizer's state and the step counter.
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

    /** The outcome of a run. */
    public record Result(List<EpochStats> epochs, Path checkpoint, Path log, Path plot) {
        public EpochStats last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    private final Executor executor;
    private final Model model;
    private final Network net;
    private final Loss loss;
    private final Updater updater;
    private final DataLoader train;
    private final DataLoader test;
    private final Settings settings;
    private final Map<String, String> metadata;
    private final Listener listener;
    private final String input;
    private final String output;
    private int step;
    private long peakStepBytes;
    private volatile String stopReason;

    /**
     * @param metadata what checkpoints record besides the trainer's own counters (architecture,
     *     dataset, class names, normalization, ...)
     */
    public Trainer(Executor executor, Loss loss, Updater updater, DataLoader train, DataLoader test, Settings settings,
            Map<String, String> metadata, Listener listener) {
        this.executor = executor;
        this.model = executor.model();
        this.net = model.network();
        this.loss = loss;
        this.updater = updater;
        this.train = train;
        this.test = test;
        this.settings = settings;
        this.metadata = Map.copyOf(metadata);
        this.listener = listener;
        if (net.inputs().size() != 1 || net.outputs().size() != 1) {
            throw new IllegalArgumentException("training needs a network with one input and one output; "
                    + net.name() + " has inputs " + net.inputs() + " and outputs " + net.outputs());
        }
        this.input = net.inputs().get(0);
        this.output = net.outputs().get(0);
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
            first = Integer.parseInt(resume.meta("epoch"));
            step = Integer.parseInt(resume.meta("step"));
            log.resumeFrom(first);
        }
        Path ckpt = checkpointFile(settings.runDir());
        for (int epoch = first; epoch < settings.epochs(); epoch++) {
            double lr = settings.schedule().rate(settings.learningRate(), epoch, settings.epochs(),
                    settings.scheduleOptions());
            long t0 = System.nanoTime();
            peakStepBytes = 0;
            Metrics m = trainEpoch(epoch, lr);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Metrics e = evaluate();
            EpochStats stats = new EpochStats(epoch + 1, lr, m.loss(), m.top1(), m.top5(), e.loss(), e.top1(), e.top5(),
                    seconds, m.count() / seconds, peakStepBytes, model.backend().scratchBytes());
            log.add(stats);
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put("epoch", Integer.toString(epoch + 1));
            meta.put("epochs", Integer.toString(settings.epochs()));
            meta.put("step", Integer.toString(step));
            meta.put("seed", Long.toString(settings.seed()));
            meta.put("test_accuracy", Double.toString(e.top1()));
            Checkpoint.write(ckpt, model, updater.state(), meta);
            listener.epochDone(stats);
        }
        return new Result(log.rows(), ckpt, log.csvFile(), log.plotFile());
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
        c.loadInto(model);
        Map<String, SafeTensors.Entry> state = c.optimizerState();
        if (!state.isEmpty()) {
            Backend b = model.backend();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                state.forEach((k, v) -> tensors.put(k, b.tensor(v.values(), v.shape())));
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
            try (Tensor x = b.tensor(batch.images(), batch.shape());
                    Pass pass = executor.forward(Map.of(input, x), stepSeed(step), Set.of())) {
                Tensor out = pass.output(output);
                try (Tensor y = labels(b, batch.labels(), out);
                        Loss.Result r = evaluate(out, y, batch)) {
                    executor.backward(pass, Map.of(output, r.gradient()), Set.of());
                    current = new StepResult(step, batch, r.loss().readLater(), out.readLater());
                }
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

    /** A queued step's loss and logits, on their way to the host. */
    private record StepResult(int step, Batch batch, Supplier<float[]> loss, Supplier<float[]> logits) {
    }

    /** Waits for a step's loss and logits, stops on a non-finite loss, and counts the step. */
    private void finish(StepResult s, Metrics m, int epoch, double lr, int index) {
        double value = s.loss().get()[0];
        if (!Double.isFinite(value)) {
            throw new TrainingStopped("the loss became " + value + " at epoch " + (epoch + 1) + ", step " + s.step()
                    + " (learning rate " + lr + "); training stopped. " + (epoch > 0
                    ? "The last good checkpoint, from the end of epoch " + epoch + ", is "
                            + checkpointFile(settings.runDir()) + "."
                    : "No epoch completed, so there is no checkpoint.") + " Try a lower learning rate.");
        }
        m.add(value, s.logits().get(), s.batch().labels());
        listener.batchDone(index, s.batch().size(), value);
    }

    /**
     * The batch's labels on the device, checked on the host as they are made (so the loss need not
     * read them back) when the output is {@code [N, classes]}.
     */
    private static Tensor labels(Backend b, int[] labels, Tensor out) {
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
    private Loss.Result evaluate(Tensor out, Tensor y, Batch batch) {
        Loss.Result r = loss.evaluate(out, y);
        if (batch.mixLabels() == null) {
            return r;
        }
        Backend b = model.backend();
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
        Metrics m = new Metrics();
        Backend b = model.backend();
        listener.evaluationStarted(test.batches());
        Iterator<Batch> it = test.epoch(0);
        // as in training, a batch's results are read once the next batch is queued
        StepResult previous = null;
        int index = 0;
        while (it.hasNext()) {
            Batch batch = it.next();
            StepResult current;
            try (Tensor x = b.tensor(batch.images(), batch.shape())) {
                Map<String, Tensor> outs = executor.infer(Map.of(input, x));
                try (Tensor out = outs.get(output); Tensor y = labels(b, batch.labels(), out);
                        Loss.Result r = loss.evaluate(out, y)) {
                    current = new StepResult(0, batch, r.loss().readLater(), out.readLater());
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

    private static void count(StepResult s, Metrics m) {
        m.add(s.loss().get()[0], s.logits().get(), s.batch().labels());
    }

    private long stepSeed(int s) {
        return settings.seed() * 0x9E3779B97F4A7C15L + s;
    }
}
