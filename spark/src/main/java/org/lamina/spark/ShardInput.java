package org.lamina.spark;

import java.io.Serializable;
import org.lamina.data.Batch;

/** One task's shard of a step's batch, as it travels to an executor. */
record ShardInput(int start, int total, long stepSeed, int channels, int height, int width, float[] images, int[] labels,
        int[] mixLabels, float lambda) implements Serializable {

    static ShardInput of(Batch shard, int start, int total, long stepSeed) {
        return new ShardInput(start, total, stepSeed, shard.channels(), shard.height(), shard.width(), shard.images(),
                shard.labels(), shard.mixLabels(), shard.lambda());
    }

    Batch batch() {
        return new Batch(labels.length, channels, height, width, images, labels, mixLabels, lambda);
    }

    long bytes() {
        return 4L * images.length + 4L * labels.length + (mixLabels != null ? 4L * mixLabels.length : 0);
    }
}
