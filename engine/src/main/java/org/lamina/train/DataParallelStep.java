package org.lamina.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.Batch;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.spi.Loss;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * The parts of a data-parallel training step ({@link Trainer} drives them, {@link Replicas} runs
 * them on each device's thread): a device's shard (forward, loss, backward, gradients read back),
 * the host's sum over the shards, the update every device applies, and realigning the replicas.
 */
final class DataParallelStep {
    private final Replicas replicas;
    private final Network net;
    private final String input;
    private final Objective objective;
    private final List<Regularizer> regularizers;

    DataParallelStep(Replicas replicas, String input, Objective objective, List<Regularizer> regularizers) {
        this(replicas, replicas.network(), input, objective, regularizers);
    }

    /** Without replicas: the update half of a step whose gradients come from elsewhere (a cluster). */
    DataParallelStep(Network net, String input, Objective objective, List<Regularizer> regularizers) {
        this(null, net, input, objective, regularizers);
    }

    private DataParallelStep(Replicas replicas, Network net, String input, Objective objective,
            List<Regularizer> regularizers) {
        this.replicas = replicas;
        this.net = net;
        this.input = input;
        this.objective = objective;
        this.regularizers = List.copyOf(regularizers);
    }

    /**
     * What one device computed for its shard of a step: values on the host.
     *
     * @param share the shard's share of the batch's loss (see {@link #shares})
     * @param terms each loss term's value on the shard, unweighted (NaN for a term of weight 0)
     * @param logits the main output, for a classifier (its top-1 and top-5 are counted on the host); empty
     *     for the dense tasks, whose measures come in {@code measured}
     * @param measured what the task measures of the shard's main output (pixels, squared errors), or null
     */
    record Shard(int images, double share, double[] terms, float[] logits, Metrics measured,
            Map<String, float[]> gradients, Map<String, float[]> state, double seconds, long peakBytes) {

        /** The main term's value on the shard. */
        double loss() {
            return terms.length == 0 ? 0 : terms[0];
        }
    }

    /**
     * A step's outcome on the host: each loss term's value on the whole batch (the main one first), the
     * main output's logits (classification) or measures (dense tasks), the summed gradients, the state
     * buffers averaged by shard size, and the learning rate and step to apply them with.
     */
    record Update(double[] terms, float[] logits, Metrics measured, Map<String, float[]> gradients,
            Map<String, float[]> state, double learningRate, int step, long peakBytes) {
    }

    /** The objective the steps train for. */
    Objective objective() {
        return objective;
    }

    /**
     * One device's shard of a step: forward, each loss term's gradient scaled by its weight and the
     * shard's share of the batch, backward, and the gradients and state buffers read back. A device
     * without images contributes nothing.
     *
     * @param target the main target's values for the shard (see {@link #shipped}), or null to make
     *     them from the shard
     * @param share the shard's share of the batch's loss ({@link #shares})
     * @param seed the seed of the shard's pass (dropout)
     */
    Shard shard(Replicas.Replica r, Batch batch, int n, int start, Object target, double share, long seed) {
        if (n == 0) {
            return new Shard(0, 0, new double[0], new float[0], null, Map.of(), Map.of(), 0,
                    r.backend().memory().peak());
        }
        return shard(r, net, input, objective, BatchSplit.slice(batch, start, n), target, share, seed);
    }

    /**
     * A shard {@code part} of a batch on replica {@code r}: each term's loss gradient scaled by its weight
     * and by {@code share}, the shard's share of the batch's loss, so that the shards' gradients sum to
     * the whole batch's. Also what a cluster's worker computes ({@link ShardGradients}).
     *
     * @param target the main target's values for {@code part}, or null to make them from {@code part}
     */
    static Shard shard(Replicas.Replica r, Network net, String input, Objective objective, Batch part, Object target,
            double share, long seed) {
        Backend b = r.backend();
        int n = part.size();
        long t0 = System.nanoTime();
        Objective.Term main = objective.main();
        Object host = target != null ? target : Trainer.hostTarget(main.target(), part);
        List<Supplier<float[]>> termLosses = new ArrayList<>();
        Supplier<float[]> mainOut;
        try (Tensor x = b.tensor(part.images(), part.shape());
                Pass pass = r.executor().forward(Map.of(input, x), seed, Set.of())) {
            List<Loss.Result> results = new ArrayList<>();
            Map<String, Tensor> grads = new LinkedHashMap<>();
            try {
                for (Objective.Term t : objective.terms()) {
                    if (t.weight() == 0) {
                        termLosses.add(null);
                        continue;
                    }
                    Tensor out = pass.output(t.output());
                    Loss.Result res;
                    try (Tensor y = Trainer.targetTensor(b, t.target(), host, part, out)) {
                        res = t.target() instanceof Target.Classes ? Trainer.evaluate(t.loss(), b, out, y, part)
                                : t.loss().evaluate(out, y);
                    }
                    results.add(res);
                    b.elementwise().scaleInPlace(res.gradient(), share * t.weight());
                    grads.put(t.output(), res.gradient());
                    termLosses.add(res.loss().readLater());
                }
                r.executor().backward(pass, grads, Set.of());
                mainOut = pass.output(main.output()).readLater();
            } finally {
                results.forEach(Loss.Result::close);
            }
        }
        Map<String, Supplier<float[]>> grads = new LinkedHashMap<>();
        Map<String, Supplier<float[]>> state = new LinkedHashMap<>();
        for (Network.Param p : net.parameters()) {
            Tensor g = r.model().grad(p.name());
            if (p.spec().trainable() && g != null) {
                grads.put(p.name(), g.readLater());
            } else if (!p.spec().trainable()) {
                state.put(p.name(), r.model().param(p.name()).readLater());
            }
        }
        Map<String, float[]> gradValues = new LinkedHashMap<>();
        grads.forEach((k, v) -> gradValues.put(k, v.get()));
        Map<String, float[]> stateValues = new LinkedHashMap<>();
        state.forEach((k, v) -> stateValues.put(k, v.get()));
        double[] terms = new double[termLosses.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = termLosses.get(i) == null ? Double.NaN : termLosses.get(i).get()[0];
        }
        float[] o = mainOut.get();
        r.model().clearGradients();
        Metrics measured = measure(objective, o, host, n);
        return new Shard(n, share, terms, measured == null ? o : new float[0], measured, gradValues, stateValues,
                (System.nanoTime() - t0) / 1e9, b.memory().peak());
    }

    /**
     * What a dense task measures of a shard's main output {@code out} against its target values
     * {@code host} ({@code int[]} pixel labels, {@code float[]} images); null for a classifier, whose
     * logits the host counts.
     */
    static Metrics measure(Objective objective, float[] out, Object host, int n) {
        Metrics m = new Metrics();
        switch (objective.task()) {
            case SEGMENT -> {
                int[] labels = (int[]) host;
                m.addPixels(out, labels, n, out.length / labels.length);
            }
            case RECONSTRUCT -> m.addImages(out, (float[]) host, objective.peak());
            case CLASSIFY -> {
                return null;
            }
        }
        return m;
    }

    /**
     * Whether the values of target {@code t} are made on the host for the whole batch and sliced for
     * the shards: class labels and the input travel with the shard's batch instead.
     */
    static boolean shipped(Target t) {
        return !(t instanceof Target.Classes) && t != Target.INPUT;
    }

    /**
     * Each shard's share of the batch's loss, so that the shards' losses and gradients, scaled by it,
     * sum to the whole batch's: its share of the examples for a loss that is a mean over them (class
     * labels, images of one size), its share of the pixels that count for a class per pixel (the loss is
     * the mean over those; 0 for every shard when none counts, as the loss is then 0).
     *
     * @param pixels whether {@code target} is the whole batch's pixel labels ({@code int[]})
     */
    static double[] shares(boolean pixels, Object target, int[] starts, int[] sizes, int total) {
        double[] shares = new double[sizes.length];
        if (pixels) {
            int[] labels = (int[]) target;
            int per = labels.length / Math.max(1, total);
            long[] counted = new long[sizes.length];
            long all = 0;
            for (int i = 0; i < sizes.length; i++) {
                for (int j = starts[i] * per; j < (starts[i] + sizes[i]) * per; j++) {
                    if (labels[j] >= 0) {
                        counted[i]++;
                    }
                }
                all += counted[i];
            }
            for (int i = 0; i < sizes.length; i++) {
                shares[i] = all == 0 ? 0 : (double) counted[i] / all;
            }
            return shares;
        }
        for (int i = 0; i < sizes.length; i++) {
            shares[i] = (double) sizes[i] / total;
        }
        return shares;
    }

    /** Examples {@code [start, start + n)} of a batch of {@code total}'s target values ({@code int[]} or {@code float[]}); null stays null. */
    static Object slice(Object target, int total, int start, int n) {
        if (target instanceof int[] v) {
            int per = v.length / total;
            return Arrays.copyOfRange(v, start * per, (start + n) * per);
        }
        if (target instanceof float[] v) {
            int per = v.length / total;
            return Arrays.copyOfRange(v, start * per, (start + n) * per);
        }
        return null;
    }

    /**
     * The seed of a shard's pass: the step's seed for the shard that starts the batch, another for
     * each other shard, so that shards of equal size do not draw the same dropout masks.
     */
    static long shardSeed(long stepSeed, int start) {
        return start == 0 ? stepSeed : stepSeed ^ (0xD1B54A32D192ED03L * start);
    }

    /**
     * Sums the shards' gradients in device order (each is already weighted by its share), averages
     * the state buffers by shard size, weights each term's value by the shard's share of the loss, and
     * joins the logits (or adds the measures) into the whole batch's.
     */
    Update reduce(List<Shard> shards, int total, double lr, int s) {
        double[] terms = new double[objective.terms().size()];
        long peak = 0;
        float[] logits = new float[0];
        Metrics measured = objective.task() == Objective.Task.CLASSIFY ? null : new Metrics();
        Map<String, float[]> sum = new LinkedHashMap<>();
        Map<String, double[]> state = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            Shard sh = shards.get(i);
            if (replicas != null) {
                replicas.measured(i, sh.images(), sh.seconds());
            }
            peak = Math.max(peak, sh.peakBytes());
            if (sh.images() == 0) {
                continue;
            }
            double share = (double) sh.images() / total;
            for (int t = 0; t < terms.length; t++) {
                terms[t] += sh.share() * sh.terms()[t];
            }
            logits = append(logits, sh.logits());
            if (measured != null) {
                measured.addMeasures(sh.measured());
            }
            sh.gradients().forEach((k, g) -> {
                float[] acc = sum.get(k);
                if (acc == null) {
                    sum.put(k, g.clone());
                } else {
                    for (int j = 0; j < acc.length; j++) {
                        acc[j] += g[j];
                    }
                }
            });
            sh.state().forEach((k, v) -> {
                double[] acc = state.computeIfAbsent(k, key -> new double[v.length]);
                for (int j = 0; j < acc.length; j++) {
                    acc[j] += share * v[j];
                }
            });
        }
        for (int t = 0; t < terms.length; t++) {
            if (objective.terms().get(t).weight() == 0) {
                terms[t] = Double.NaN; // not computed, as on one device
            }
        }
        Map<String, float[]> stateValues = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            float[] f = new float[v.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) v[j];
            }
            stateValues.put(k, f);
        });
        return new Update(terms, logits, measured, sum, stateValues, lr, s, peak);
    }

    /** Applies a step's update to one replica: regularizers, the optimizer step, the averaged state. */
    void apply(Replicas.Replica r, Update u) {
        Backend b = r.backend();
        List<Updater.Param> params = new ArrayList<>();
        try {
            for (Network.Param p : net.parameters()) {
                float[] g = u.gradients().get(p.name());
                if (g != null) {
                    Tensor value = r.model().param(p.name());
                    params.add(new Updater.Param(p.name(), value, b.tensor(g, value.dims()), p.spec().regularized()));
                }
            }
            for (Regularizer reg : regularizers) {
                reg.beforeStep(b, params);
            }
            r.updater().step(params, u.learningRate(), u.step());
            for (Regularizer reg : regularizers) {
                reg.afterStep(b, params);
            }
            u.state().forEach((k, v) -> r.model().assign(k, v));
        } finally {
            params.forEach(p -> p.gradient().close());
        }
    }

    /**
     * Gives every replica the first one's parameters and optimizer state. Devices of one kind apply
     * the same update to the same values bit for bit, but devices of different kinds ({@code 0,java})
     * may round an update differently; realigning once an epoch keeps that drift to one epoch's.
     */
    void realign() {
        if (replicas.size() < 2) {
            return;
        }
        record State(Map<String, SafeTensors.Entry> params, Map<String, SafeTensors.Entry> optimizer) {
        }
        State first = replicas.call(0, r -> {
            Map<String, SafeTensors.Entry> opt = new LinkedHashMap<>();
            r.updater().state().forEach((k, v) -> opt.put(k, new SafeTensors.Entry(v.dims(), v.toArray())));
            return new State(r.model().snapshot(), opt);
        });
        replicas.callAll(r -> {
            if (r.index() > 0) {
                first.params().forEach((k, v) -> r.model().assign(k, v.values()));
                if (!first.optimizer().isEmpty()) {
                    Map<String, Tensor> tensors = new LinkedHashMap<>();
                    try {
                        first.optimizer().forEach((k, v) -> tensors.put(k, r.backend().tensor(v.values(), v.shape())));
                        r.updater().restore(tensors);
                    } finally {
                        tensors.values().forEach(Tensor::close);
                    }
                }
            }
            return null;
        });
    }

    /** Where each shard starts in its batch. */
    static int[] starts(int[] sizes) {
        int[] starts = new int[sizes.length];
        for (int i = 1; i < sizes.length; i++) {
            starts[i] = starts[i - 1] + sizes[i - 1];
        }
        return starts;
    }

    /** The shards' logits side by side: the whole batch's, in order. */
    static float[] append(float[] a, float[] b) {
        float[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
