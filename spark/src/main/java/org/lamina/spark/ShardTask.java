package org.lamina.spark;

import java.io.Serializable;
import org.lamina.train.ShardGradients;

/** A task's computation in a step: its shard's part, at the step's parameters, on its executor's replica. */
interface ShardTask extends Serializable {
    ShardGradients.Part compute(ShardInput in);
}
