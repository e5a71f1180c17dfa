package org.lamina.spark;

import java.io.Serializable;
import org.lamina.data.Batch;
import org.lamina.train.BatchSplit;
import org.lamina.train.DistributedTraining;

/**
 * One task's shard of a step's batch, as it travels to an executor: its images, or (with {@code images}
 * null) batch {@code index} of epoch {@code epoch}, which the executor makes from its own copy of the data;
 * the main target's values for the shard where the driver makes them ({@code int[]} pixel labels,
 * {@code float[]} images; null for class labels and the input), and the shard's share of the batch's loss.
 */
record ShardInput(int start, int total, long stepSeed, int channels, int height, int width, float[] images, int[] labels,
        int[] mixLabels, float lambda, int epoch, int index, int count, Object target, double share)
        implements Serializable {

    static ShardInput of(Batch shard, int start, int total, long stepSeed, Object target, double share) {
        return new ShardInput(start, total, stepSeed, shard.channels(), shard.height(), shard.width(), shard.images(),
                shard.labels(), shard.mixLabels(), shard.lambda(), -1, -1, shard.size(), target, share);
    }

    /** The shard {@code start, count} of batch {@code index} of epoch {@code epoch}, without its images. */
    static ShardInput of(int epoch, int index, int start, int count, int total, long stepSeed, Object target,
            double share) {
        return new ShardInput(start, total, stepSeed, 0, 0, 0, null, null, null, 1f, epoch, index, count, target, share);
    }

    /** The shard's batch; without images, made from {@code data}'s loader as the driver made the whole batch. */
    Batch batch(DistributedTraining.Data data) {
        if (images == null) {
            Batch whole = WorkerData.loader(data).batch(epoch, index);
            if (whole.size() != total) {
                throw new IllegalStateException(WorkerState.where() + ": batch " + index + " of epoch " + epoch
                        + " holds " + whole.size() + " images here but " + total + " on the driver (is its data the same?)");
            }
            return BatchSplit.slice(whole, start, count);
        }
        return new Batch(labels.length, channels, height, width, images, labels, mixLabels, lambda);
    }

    long bytes() {
        long t = target instanceof int[] v ? 4L * v.length : target instanceof float[] v ? 4L * v.length : 0;
        if (images == null) {
            return 6 * 4L + 8L + 8L + t;
        }
        return 4L * images.length + 4L * labels.length + (mixLabels != null ? 4L * mixLabels.length : 0) + 8L + t;
    }
}
