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
    private final String output;
    private final Loss loss;
    private final List<Regularizer> regularizers;

    DataParallelStep(Replicas replicas, String input, String output, Loss loss, List<Regularizer> regularizers) {
        this(replicas, replicas.network(), input, output, loss, regularizers);
    }

    /** Without replicas: the update half of a step whose gradients come from elsewhere (a cluster). */
    DataParallelStep(Network net, String input, String output, Loss loss, List<Regularizer> regularizers) {
        this(null, net, input, output, loss, regularizers);
    }

    private DataParallelStep(Replicas replicas, Network net, String input, String output, Loss loss,
            List<Regularizer> regularizers) {
        this.replicas = replicas;
        this.net = net;
        this.input = input;
        this.output = output;
        this.loss = loss;
        this.regularizers = List.copyOf(regularizers);
    }

    /** What one device computed for its shard of a step: values on the host. */
    record Shard(int images, double loss, float[] logits, Map<String, float[]> gradients,
            Map<String, float[]> state, double seconds, long peakBytes) {
    }

    /**
     * A step's outcome on the host: the loss and logits of the whole batch, the summed gradients, the
     * state buffers averaged by shard size, and the learning rate and step to apply them with.
     */
    record Update(double loss, float[] logits, Map<String, float[]> gradients, Map<String, float[]> state,
            double learningRate, int step, long peakBytes) {
    }

    /**
     * One device's shard of a step: forward, the loss gradient scaled by the shard's share of the
     * batch, backward, and the gradients and state buffers read back. A device without images
     * contributes nothing.
     *
     * @param seed the seed of the shard's pass (dropout)
     */
    Shard shard(Replicas.Replica r, Batch batch, int n, int start, long seed) {
        if (n == 0) {
            return new Shard(0, 0, new float[0], Map.of(), Map.of(), 0, r.backend().memory().peak());
        }
        return shard(r, net, input, output, loss, BatchSplit.slice(batch, start, n), batch.size(), seed);
    }

    /**
     * A shard {@code part} of a batch of {@code total} images on replica {@code r}: its loss gradient
     * scaled by its share, so that the shards' gradients sum to the whole batch's. Also what a cluster's
     * worker computes ({@link ShardGradients}).
     */
    static Shard shard(Replicas.Replica r, Network net, String input, String output, Loss loss, Batch part, int total,
            long seed) {
        Backend b = r.backend();
        int n = part.size();
        long t0 = System.nanoTime();
        Supplier<float[]> lossValue;
        Supplier<float[]> logits;
        try (Tensor x = b.tensor(part.images(), part.shape());
                Pass pass = r.executor().forward(Map.of(input, x), seed, Set.of())) {
            Tensor out = pass.output(output);
            try (Tensor y = Trainer.labels(b, part.labels(), out);
                    Loss.Result res = Trainer.evaluate(loss, b, out, y, part)) {
                b.elementwise().scaleInPlace(res.gradient(), (double) n / total);
                r.executor().backward(pass, Map.of(output, res.gradient()), Set.of());
                lossValue = res.loss().readLater();
                logits = out.readLater();
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
        float[] l = lossValue.get();
        float[] o = logits.get();
        r.model().clearGradients();
        return new Shard(n, l[0], o, gradValues, stateValues, (System.nanoTime() - t0) / 1e9, b.memory().peak());
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
     * the state buffers by shard size, and joins the losses and logits into the whole batch's.
     */
    Update reduce(List<Shard> shards, int total, double lr, int s) {
        double lossValue = 0;
        long peak = 0;
        float[] logits = new float[0];
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
            lossValue += share * sh.loss();
            logits = append(logits, sh.logits());
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
        Map<String, float[]> stateValues = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            float[] f = new float[v.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) v[j];
            }
            stateValues.put(k, f);
        });
        return new Update(lossValue, logits, sum, stateValues, lr, s, peak);
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
