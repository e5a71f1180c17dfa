package org.lamina.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockData;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BroadcastBlockId;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.io.ChunkedByteBuffer;
import org.lamina.train.ShardGradients;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * {@code --spark-exchange sharded}: BigDL's all-reduce over Spark's block manager
 * ({@code AllReduceParameter}), two jobs a step. In the first, task i computes its part, cuts its
 * vector into N slices and puts slice j into its executor's block manager for owner j. In the second,
 * task j fetches slice j from every task's block manager (in task order), sums them and returns the
 * summed slice. Each task sends and receives one vector's worth however many tasks there are, and
 * the driver receives one vector, not N.
 *
 * <p>The blocks are named after the step's parameter broadcast ({@code broadcast_ID_lamina_i_j}), so
 * destroying the broadcast after the step removes them from every executor. BigDL also applies the
 * optimizer step to each slice on its owner; here the driver applies it, as for the other exchanges,
 * so that executors hold no state that a lost one would take with it.
 */
final class ShardedAllReduce {
    private ShardedAllReduce() {
    }

    /** What the step's jobs returned: the summed part, and how many bytes of values moved among the tasks. */
    record Result(ShardGradients.Part sum, long peerBytes) {
    }

    /** A first-job task's answer: its part without gradients and state, and (first task) the layout. */
    private record Put(ShardGradients.Part part, FlatLayout layout) implements Serializable {
    }

    /** A second-job task's answer: owner {@code owner}'s summed slice. */
    private record Slice(int owner, float[] sum) implements Serializable {
    }

    static Result sum(JavaSparkContext sc, JavaRDD<ShardInput> inputs, long broadcastId, ShardTask task) {
        int n = inputs.getNumPartitions();
        List<Put> puts = inputs.map(in -> put(task.compute(in), broadcastId, n)).collect();
        FlatLayout layout = puts.get(0).layout();
        int size = layout.size();
        List<Integer> owners = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            owners.add(j);
        }
        List<Slice> slices = sc.parallelize(owners, n).map(j -> reduce(broadcastId, n, j, size)).collect();
        int[][] cut = ShardGradients.shards(size, n);
        float[] flat = new float[size];
        for (Slice s : slices) {
            System.arraycopy(s.sum(), 0, flat, cut[0][s.owner()], s.sum().length);
        }
        ShardGradients.Part sum = ShardGradients.empty();
        for (Put p : puts) {
            sum = ShardGradients.combine(sum, p.part());
        }
        sum = sum.with(layout.gradientsOf(flat), layout.stateOf(flat));
        // every task puts its vector, and the owners fetch all of it
        return new Result(sum, 2L * 4 * size * n);
    }

    /** First job, on task i: puts slice j of the part's vector for owner j; returns the rest of the part. */
    private static Put put(ShardGradients.Part p, long broadcastId, int n) {
        int i = TaskContext.getPartitionId();
        FlatLayout layout = FlatLayout.of(p);
        float[] flat = layout.pack(p);
        int[][] cut = ShardGradients.shards(flat.length, n);
        BlockManager bm = SparkEnv.get().blockManager();
        for (int j = 0; j < n; j++) {
            BlockId id = block(broadcastId, i, j);
            // a retried task on the same executor finds its slices there already (the same values): kept
            if (!bm.putBytes(id, new ChunkedByteBuffer(FlatLayout.bytes(flat, cut[0][j], cut[1][j])),
                    StorageLevel.MEMORY_ONLY_SER(), true, ClassTag$.MODULE$.apply(byte[].class))) {
                throw new IllegalStateException(WorkerState.where() + ": its block manager did not store gradient"
                        + " slice " + id.name());
            }
        }
        return new Put(p.with(new LinkedHashMap<>(), new LinkedHashMap<>()), i == 0 ? layout : null);
    }

    /** Second job, on owner j: slice j of every task's vector, summed in task order. */
    private static Slice reduce(long broadcastId, int n, int j, int size) {
        int[][] cut = ShardGradients.shards(size, n);
        float[] sum = new float[cut[1][j]];
        BlockManager bm = SparkEnv.get().blockManager();
        for (int i = 0; i < n; i++) {
            BlockId id = block(broadcastId, i, j);
            ByteBuffer b;
            Option<BlockData> local = bm.getLocalBytes(id);
            if (local.isDefined()) {
                try {
                    b = local.get().toByteBuffer();
                    FlatLayout.add(b, sum, 0);
                } finally {
                    bm.releaseLock(id, Option.apply(TaskContext.get()));
                }
                continue;
            }
            Option<ChunkedByteBuffer> remote = bm.getRemoteBytes(id);
            if (remote.isEmpty()) {
                throw new IllegalStateException(WorkerState.where() + ": gradient slice " + id.name()
                        + " is on no executor (was its executor lost?)");
            }
            FlatLayout.add(remote.get().toByteBuffer(), sum, 0);
        }
        return new Slice(j, sum);
    }

    /**
     * Slice {@code owner} of task {@code from}'s vector. The name must parse back (Spark's pattern for
     * broadcast blocks allows letters, digits and '_' only): block managers send it to the driver's.
     */
    static BlockId block(long broadcastId, int from, int owner) {
        return new BroadcastBlockId(broadcastId, "lamina_" + from + "_" + owner);
    }
}
