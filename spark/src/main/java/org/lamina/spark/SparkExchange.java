package org.lamina.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.lamina.data.Batch;
import org.lamina.train.BatchSplit;
import org.lamina.train.DistributedTraining;
import org.lamina.train.GradientExchange;
import org.lamina.train.ShardGradients;
import org.lamina.train.TrainingStopped;

/**
 * A step on Spark: the parameters go to the executors as a broadcast variable, each of the job's
 * tasks computes its shard of the batch on its executor's device, and the shards' gradients are
 * summed as the job's {@link DistributedTraining.Exchange} says: by a tree aggregation or a plain
 * reduce on their way back to the driver, among the tasks of a barrier stage ({@link BarrierAllReduce}),
 * or by BigDL's sharded all-reduce over the block manager ({@link ShardedAllReduce}). A task that
 * fails (its executor killed, say) is retried by Spark, which recomputes the same shard from the same
 * parameters: the step's result does not change.
 */
final class SparkExchange implements GradientExchange {
    private static final System.Logger LOG = System.getLogger(SparkExchange.class.getName());

    /** What one step cost: bytes each way, time waiting for the cluster and time the slowest shard computed. */
    record StepCost(long bytesOut, long bytesBack, long bytesPeer, double seconds, double computeSeconds) {
    }

    private final JavaSparkContext sc;
    private final boolean ownContext;
    private final DistributedTraining.Job job;
    private final String key;
    private final DistributedTraining.Exchange exchange;
    private final String devices;
    private final List<StepCost> costs = new ArrayList<>();

    SparkExchange(JavaSparkContext sc, boolean ownContext, DistributedTraining.Job job) {
        this(sc, ownContext, job, UUID.randomUUID().toString());
    }

    /** An exchange whose executors keep their replicas under {@code key} (exchanges of one key share them). */
    SparkExchange(JavaSparkContext sc, boolean ownContext, DistributedTraining.Job job, String key) {
        this.sc = sc;
        this.ownContext = ownContext;
        this.job = job;
        this.key = key;
        this.exchange = job.exchange();
        this.devices = prepare();
    }

    /**
     * Opens the device and model on the executors before the first step (so that kernels are compiled
     * then, and a worker without a device is reported before any training), and names the devices.
     */
    private String prepare() {
        DistributedTraining.Job j = job;
        String k = key;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < job.workers(); i++) {
            ids.add(i);
        }
        List<String> found = run(() -> sc.parallelize(ids, job.workers()).map(i -> {
            WorkerState s = WorkerState.of(k, j);
            if (j.data() != null) {
                WorkerData.loader(j.data()); // read the data now, not in the first step
            }
            return WorkerState.where().replace("lamina worker (", "").replace(")", "") + ": " + s.device;
        }).collect(), 0);
        return job.workers() + " Spark tasks on " + sc.master() + " (" + String.join("; ",
                new TreeSet<>(found)) + "; gradients summed by " + switch (exchange) {
                            case TREE -> "tree aggregation";
                            case REDUCE -> "reduce";
                            case BARRIER -> "a barrier stage's allGather";
                            case SHARDED -> "a sharded all-reduce over the block manager";
                        } + ")";
    }

    @Override
    public StepGradients compute(Batch batch, long stepSeed, Map<String, float[]> parameters) {
        return compute(batch, -1, -1, stepSeed, parameters);
    }

    /**
     * With the job's {@link DistributedTraining.Data}, each task carries only which batch and which part
     * of it: the executors read the data themselves (once, on the first step) and make the shard.
     */
    @Override
    public StepGradients compute(Batch batch, int epoch, int index, long stepSeed, Map<String, float[]> parameters) {
        return compute(batch, epoch, index, stepSeed, null, parameters);
    }

    /** Each shard's slice of {@code target} travels with its task (the driver made the targets). */
    @Override
    public StepGradients compute(Batch batch, int epoch, int index, long stepSeed, Object target,
            Map<String, float[]> parameters) {
        if (target != null && job.objective() == null) {
            throw new IllegalArgumentException("the Spark job trains a classifier (" + job.loss() + "): give it the"
                    + " trainer's objective (DistributedTraining.Job.with(objective)) to train against pixel labels or"
                    + " images");
        }
        long t0 = System.nanoTime();
        int total = batch.size();
        int[][] shards = ShardGradients.shards(total, job.workers());
        double[] shares = ShardGradients.shares(target, shards[0], shards[1], total);
        List<ShardInput> inputs = new ArrayList<>();
        long bytesOut = 0;
        long paramBytes = 0;
        for (float[] v : parameters.values()) {
            paramBytes += 4L * v.length;
        }
        for (int i = 0; i < shards[0].length; i++) {
            if (shards[1][i] > 0) {
                Object slice = ShardGradients.slice(target, total, shards[0][i], shards[1][i]);
                ShardInput in = job.data() != null && epoch >= 0
                        ? ShardInput.of(epoch, index, shards[0][i], shards[1][i], total, stepSeed, slice, shares[i])
                        : ShardInput.of(BatchSplit.slice(batch, shards[0][i], shards[1][i]), shards[0][i], total,
                                stepSeed, slice, shares[i]);
                inputs.add(in);
                bytesOut += in.bytes() + paramBytes;
            }
        }
        Broadcast<LinkedHashMap<String, float[]>> params = sc.broadcast(new LinkedHashMap<>(parameters));
        try {
            DistributedTraining.Job j = job;
            String k = key;
            ShardTask task = in -> part(k, j, params, in);
            JavaRDD<ShardInput> rdd = sc.parallelize(inputs, inputs.size());
            long peer = 0;
            ShardGradients.Part sum;
            int summedParts = inputs.size(); // how many vectors of gradients reach the driver
            switch (exchange) {
                case TREE -> sum = run(() -> rdd.map(task::compute).treeAggregate(ShardGradients.empty(),
                        ShardGradients::combine, ShardGradients::combine, 2), 0);
                case REDUCE -> sum = run(() -> rdd.map(task::compute).reduce(ShardGradients::combine), 0);
                case BARRIER -> {
                    BarrierAllReduce.Result r = run(() -> BarrierAllReduce.sum(rdd, task), 0);
                    sum = r.sum();
                    peer = r.peerBytes();
                    summedParts = 1;
                }
                case SHARDED -> {
                    ShardedAllReduce.Result r;
                    try {
                        r = ShardedAllReduce.sum(sc, rdd, params.id(), task);
                    } catch (Exception e) { // an executor lost between the two jobs took its slices with it
                        String m = String.valueOf(e.getMessage());
                        LOG.log(System.Logger.Level.WARNING, "the sharded exchange failed ("
                                + m.substring(0, endOfLine(m, 0)) + "); this step sums by tree aggregation instead");
                        r = new ShardedAllReduce.Result(run(() -> rdd.map(task::compute).treeAggregate(
                                ShardGradients.empty(), ShardGradients::combine, ShardGradients::combine, 2), 0), 0);
                    }
                    sum = r.sum();
                    peer = r.peerBytes();
                    summedParts = r.peerBytes() > 0 ? 1 : inputs.size();
                }
                default -> throw new IllegalStateException(exchange.toString());
            }
            StepGradients g = ShardGradients.finish(sum, total);
            long back = 0;
            for (float[] v : g.gradients().values()) {
                back += 4L * v.length;
            }
            for (float[] v : g.state().values()) {
                back += 4L * v.length;
            }
            long bytesBack = back * summedParts + 4L * g.logits().length;
            costs.add(new StepCost(bytesOut, bytesBack, peer, (System.nanoTime() - t0) / 1e9, sum.seconds()));
            return g;
        } finally {
            params.destroy();
        }
    }

    /** A task's part: its shard's gradients on its executor's replica, at the broadcast parameters. */
    private static ShardGradients.Part part(String key, DistributedTraining.Job job,
            Broadcast<LinkedHashMap<String, float[]>> params, ShardInput in) {
        WorkerState s = WorkerState.of(key, job);
        Map<String, float[]> values = params.value();
        return s.call(r -> {
            values.forEach((name, v) -> r.model().assign(name, v));
            return ShardGradients.compute(r, s.net, s.objective, in.batch(job.data()), in.target(), in.share(), in.start(),
                    in.total(), in.stepSeed());
        });
    }

    /** Runs a Spark job; a failure that Spark's retries did not cure stops the run, naming the worker's message. */
    private <T> T run(Supplier<T> job, int unused) {
        try {
            return job.get();
        } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
            String m = String.valueOf(e.getMessage());
            int at = m.indexOf("lamina worker (");
            String reason = at >= 0 ? m.substring(at, endOfLine(m, at)) : m.substring(0, endOfLine(m, 0));
            throw new TrainingStopped("the Spark job failed after Spark's retries: " + reason);
        }
    }

    private static int endOfLine(String m, int from) {
        int nl = m.indexOf('\n', from);
        return nl < 0 ? m.length() : nl;
    }

    @Override
    public String describe() {
        return devices;
    }

    /** The steps' costs so far. */
    List<StepCost> costs() {
        return List.copyOf(costs);
    }

    @Override
    public String summary() {
        if (costs.isEmpty()) {
            return "";
        }
        // the first step also broadcasts the classes and warms the executors: leave it out of the means
        List<StepCost> c = costs.size() > 1 ? costs.subList(1, costs.size()) : costs;
        double wall = c.stream().mapToDouble(StepCost::seconds).average().orElse(0);
        double compute = c.stream().mapToDouble(StepCost::computeSeconds).average().orElse(0);
        double out = c.stream().mapToLong(StepCost::bytesOut).average().orElse(0);
        double back = c.stream().mapToLong(StepCost::bytesBack).average().orElse(0);
        double peer = c.stream().mapToLong(StepCost::bytesPeer).average().orElse(0);
        return String.format(Locale.ROOT, "Spark exchange (%s, %d workers, %d steps after the first):"
                + " %.1f ms per step, of which %.1f ms computing on the slowest worker and %.1f ms in the exchange;"
                + " %.2f MB to the workers and %.2f MB back per step%s", exchange, job.workers(), c.size(), 1e3 * wall,
                1e3 * compute, 1e3 * (wall - compute), out / 1e6, back / 1e6,
                peer > 0 ? String.format(Locale.ROOT, ", %.2f MB among the workers", peer / 1e6) : "");
    }

    @Override
    public void close() {
        LOG.log(System.Logger.Level.DEBUG, summary());
        try {
            WorkerState.release(key);
        } finally {
            if (ownContext) {
                sc.stop();
            }
        }
    }
}
