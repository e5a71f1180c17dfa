package org.lamina.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.lamina.train.ShardGradients;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * {@code --spark-exchange barrier}: the step's tasks run as one barrier stage (all at once, retried
 * together) and sum their gradients among themselves with {@link BarrierTaskContext#allGather}: each
 * task contributes its vector, gets every task's and adds them in task order, so every task ends with
 * the same sum. The first task returns it; the others return only their loss and logits.
 *
 * <p>Spark's allGather is a coordination primitive: every message goes to the driver's barrier
 * coordinator, which answers every task with all of them (as strings, so the floats travel in
 * Base64). The vector goes in segments, so that one answer stays well under Spark's RPC message limit.
 */
final class BarrierAllReduce {
    /** Bytes of floats one task sends per allGather, over all tasks: the answer's size, before Base64. */
    static final int GATHER_BYTES = 24 << 20;

    private BarrierAllReduce() {
    }

    /** What the stage returns: the sum (first task only), and how many bytes of values moved among the tasks. */
    record Result(ShardGradients.Part sum, long peerBytes) {
    }

    static Result sum(JavaRDD<ShardInput> inputs, ShardTask task) {
        Function1<Iterator<ShardInput>, Iterator<ShardGradients.Part>> f =
                (Function1<Iterator<ShardInput>, Iterator<ShardGradients.Part>>
                        & Serializable) it -> CollectionConverters.asScala(List.of(allReduce(task.compute(it.next())))
                                .iterator());
        List<ShardGradients.Part> parts = inputs.rdd().barrier().mapPartitions(f, false,
                ClassTag$.MODULE$.apply(ShardGradients.Part.class)).toJavaRDD().collect();
        ShardGradients.Part sum = ShardGradients.empty();
        long values = 0;
        for (ShardGradients.Part p : parts) {
            sum = ShardGradients.combine(sum, p);
        }
        for (float[] v : sum.gradients().values()) {
            values += v.length;
        }
        for (float[] v : sum.state().values()) {
            values += v.length;
        }
        int n = parts.size();
        // each task's vector into the coordinator, and every task's out to each task
        return new Result(sum, 4L * values * (n + (long) n * n));
    }

    /** In a barrier task: this task's part, with the sum of all the tasks' gradients when it is the first. */
    private static ShardGradients.Part allReduce(ShardGradients.Part p) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int tasks = ctx.getTaskInfos().length;
        FlatLayout layout = FlatLayout.of(p);
        float[] mine = layout.pack(p);
        float[] sum = new float[mine.length];
        int segment = Math.max(1, GATHER_BYTES / 4 / tasks);
        Base64.Encoder enc = Base64.getEncoder();
        Base64.Decoder dec = Base64.getDecoder();
        for (int from = 0; from < mine.length; from += segment) {
            int count = Math.min(segment, mine.length - from);
            String[] all = ctx.allGather(enc.encodeToString(FlatLayout.bytes(mine, from, count).array()));
            // in task order on every task, so that every task's sum is the same to the last bit
            for (String m : all) {
                FlatLayout.add(ByteBuffer.wrap(dec.decode(m)), sum, from);
            }
        }
        boolean first = ctx.partitionId() == 0;
        return p.with(first ? layout.gradientsOf(sum) : new LinkedHashMap<>(),
                first ? layout.stateOf(sum) : new LinkedHashMap<>());
    }
}
