package org.lamina.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.lamina.data.Batch;
import org.lamina.graph.Network;
import org.lamina.spi.Loss;

/**
 * A worker's part of a distributed step ({@link GradientExchange}) and how parts combine: the same
 * shard computation as on local devices ({@link Replicas}), in a form that travels (serializable, and
 * summable in any grouping, as a tree aggregation combines them).
 */
public final class ShardGradients {
    private ShardGradients() {
    }

    /**
     * Shards of one batch, combined: images, loss and state already weighted by their share of the
     * batch (so that parts add), gradients summed, logits by the position of their shard in the batch.
     */
    public record Part(int images, double loss, TreeMap<Integer, float[]> logits, LinkedHashMap<String, float[]> gradients,
            LinkedHashMap<String, float[]> state, double seconds) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Bytes of values the part carries (gradients, state, logits). */
        public long valueBytes() {
            long n = 0;
            for (float[] v : gradients.values()) {
                n += v.length;
            }
            for (float[] v : state.values()) {
                n += v.length;
            }
            for (float[] v : logits.values()) {
                n += v.length;
            }
            return 4 * n;
        }
    }

    /** The part of no shard: what parts are combined onto. */
    public static Part empty() {
        return new Part(0, 0, new TreeMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), 0);
    }

    /**
     * Computes one shard on a worker's replica.
     *
     * @param shard the shard's images, starting at {@code start} in a batch of {@code total} images
     * @param stepSeed the step's seed; the shard's pass seed derives from it as on local devices
     */
    public static Part compute(Replicas.Replica r, Network net, Loss loss, Batch shard, int start, int total,
            long stepSeed) {
        if (net.inputs().size() != 1 || net.outputs().size() != 1) {
            throw new IllegalArgumentException("training needs a network with one input and one output; "
                    + net.name() + " has inputs " + net.inputs() + " and outputs " + net.outputs());
        }
        DataParallelStep.Shard s = DataParallelStep.shard(r, net, net.inputs().get(0), net.outputs().get(0), loss,
                shard, total, DataParallelStep.shardSeed(stepSeed, start));
        double share = (double) shard.size() / total;
        LinkedHashMap<String, float[]> state = new LinkedHashMap<>();
        s.state().forEach((k, v) -> {
            float[] w = new float[v.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (share * v[i]);
            }
            state.put(k, w);
        });
        TreeMap<Integer, float[]> logits = new TreeMap<>();
        logits.put(start, s.logits());
        return new Part(s.images(), share * s.loss(), logits, new LinkedHashMap<>(s.gradients()), state, s.seconds());
    }

    /** Two parts as one (summed into {@code a}'s arrays when {@code a} has them). */
    public static Part combine(Part a, Part b) {
        if (a.images() == 0) {
            return b;
        }
        if (b.images() == 0) {
            return a;
        }
        add(a.gradients(), b.gradients());
        add(a.state(), b.state());
        TreeMap<Integer, float[]> logits = new TreeMap<>(a.logits());
        logits.putAll(b.logits());
        return new Part(a.images() + b.images(), a.loss() + b.loss(), logits, a.gradients(), a.state(),
                Math.max(a.seconds(), b.seconds()));
    }

    private static void add(Map<String, float[]> into, Map<String, float[]> from) {
        from.forEach((k, v) -> {
            float[] acc = into.get(k);
            if (acc == null) {
                into.put(k, v);
            } else {
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += v[i];
                }
            }
        });
    }

    /** The step's result once every shard of a batch of {@code total} images is in {@code p}. */
    public static GradientExchange.StepGradients finish(Part p, int total) {
        if (p.images() != total) {
            throw new IllegalStateException("distributed step: the workers' shards hold " + p.images()
                    + " images of a batch of " + total);
        }
        float[] logits = new float[0];
        for (float[] l : p.logits().values()) {
            logits = DataParallelStep.append(logits, l);
        }
        return new GradientExchange.StepGradients(p.loss(), logits, p.gradients(), p.state());
    }

    /** Where each of {@code workers} shards of a batch of {@code n} images starts, and its size. */
    public static int[][] shards(int n, int workers) {
        int[] sizes = BatchSplit.even(n, workers);
        return new int[][] {DataParallelStep.starts(sizes), sizes};
    }
}
