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
     * Shards of one batch, combined: images, loss, each term's value and state already weighted by their
     * share of the batch (so that parts add), gradients summed, logits by the position of their shard in
     * the batch (a classifier's), the measures of a dense task summed.
     *
     * @param terms each loss term's value times the shards' shares of the loss (NaN for a term of weight 0)
     * @param measured what a dense task measures of the shards' main output, or null (classification)
     */
    public record Part(int images, double loss, double[] terms, TreeMap<Integer, float[]> logits, Metrics measured,
            LinkedHashMap<String, float[]> gradients, LinkedHashMap<String, float[]> state, double seconds)
            implements Serializable {
        private static final long serialVersionUID = 2L;

        /** This part with other gradients and state (what an all-reduce sums apart from the rest). */
        public Part with(LinkedHashMap<String, float[]> gradients, LinkedHashMap<String, float[]> state) {
            return new Part(images, loss, terms, logits, measured, gradients, state, seconds);
        }

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
        return new Part(0, 0, new double[0], new TreeMap<>(), null, new LinkedHashMap<>(), new LinkedHashMap<>(), 0);
    }

    /**
     * Computes one shard of a classifier with one output on a worker's replica.
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
        return compute(r, net, Objective.classify(loss, net.outputs().get(0)), shard, null,
                (double) shard.size() / total, start, total, stepSeed);
    }

    /**
     * Computes one shard of a step for {@code objective} on a worker's replica.
     *
     * @param shard the shard's images, starting at {@code start} in a batch of {@code total} images
     * @param target the main target's values for the shard, made by the driver (pixel labels, images),
     *     or null for class labels and the input (made from {@code shard})
     * @param share the shard's share of the batch's loss ({@link #shares})
     * @param stepSeed the step's seed; the shard's pass seed derives from it as on local devices
     */
    public static Part compute(Replicas.Replica r, Network net, Objective objective, Batch shard, Object target,
            double share, int start, int total, long stepSeed) {
        if (net.inputs().size() != 1) {
            throw new IllegalArgumentException("training needs a network with one input; " + net.name() + " has inputs "
                    + net.inputs());
        }
        objective.check(net);
        DataParallelStep.Shard s = DataParallelStep.shard(r, net, net.inputs().get(0), objective, shard, target, share,
                DataParallelStep.shardSeed(stepSeed, start));
        double images = (double) shard.size() / total;
        LinkedHashMap<String, float[]> state = new LinkedHashMap<>();
        s.state().forEach((k, v) -> {
            float[] w = new float[v.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (images * v[i]);
            }
            state.put(k, w);
        });
        double[] terms = new double[s.terms().length];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = share * s.terms()[i];
        }
        TreeMap<Integer, float[]> logits = new TreeMap<>();
        if (s.measured() == null) {
            logits.put(start, s.logits());
        }
        return new Part(s.images(), terms.length == 0 ? 0 : terms[0], terms, logits, s.measured(),
                new LinkedHashMap<>(s.gradients()), state, s.seconds());
    }

    /**
     * Each shard's share of a batch's loss (see {@link DataParallelStep#shares}): its share of the
     * images, or of the pixels that count when {@code target} is the batch's pixel labels ({@code int[]}).
     */
    public static double[] shares(Object target, int[] starts, int[] sizes, int total) {
        return DataParallelStep.shares(target instanceof int[], target, starts, sizes, total);
    }

    /** Examples {@code [start, start + n)} of a batch of {@code total}'s target values; null stays null. */
    public static Object slice(Object target, int total, int start, int n) {
        return DataParallelStep.slice(target, total, start, n);
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
        double[] terms = a.terms().clone();
        for (int i = 0; i < terms.length; i++) {
            terms[i] += b.terms()[i];
        }
        Metrics measured = a.measured();
        if (measured != null) {
            measured = new Metrics();
            measured.addMeasures(a.measured());
            measured.addMeasures(b.measured());
        }
        return new Part(a.images() + b.images(), a.loss() + b.loss(), terms, logits, measured, a.gradients(), a.state(),
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
        return new GradientExchange.StepGradients(p.loss(), logits, p.gradients(), p.state(), p.terms(), p.measured());
    }

    /** Where each of {@code workers} shards of a batch of {@code n} images starts, and its size. */
    public static int[][] shards(int n, int workers) {
        int[] sizes = BatchSplit.even(n, workers);
        return new int[][] {DataParallelStep.starts(sizes), sizes};
    }
}
