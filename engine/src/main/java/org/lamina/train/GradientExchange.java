package org.lamina.train;

import java.util.Map;
import org.lamina.data.Batch;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the gradients of a data-parallel step are computed when not on this machine's devices: the
 * workers of a cluster ({@link DistributedTraining}). {@link Trainer} gives it each batch and the
 * parameters the step starts from, and applies the optimizer step to what comes back, exactly as it
 * does with the sums of {@link Replicas}.
 */
@ConsumerType
public interface GradientExchange extends AutoCloseable {

    /**
     * The whole batch's loss and logits, its gradients summed over the workers' shards (each shard's
     * weighted by its share of the batch), and the state buffers (batch normalization's running
     * statistics) averaged by shard size; with an {@link Objective}, each loss term's value over the batch
     * (unweighted, the main one first) and, for a dense task, what it measures of the main output (the
     * logits are then empty).
     */
    record StepGradients(double loss, float[] logits, Map<String, float[]> gradients, Map<String, float[]> state,
            double[] terms, Metrics measured) {
        /** A classifier's step of one loss term. */
        public StepGradients(double loss, float[] logits, Map<String, float[]> gradients, Map<String, float[]> state) {
            this(loss, logits, gradients, state, new double[] {loss}, null);
        }
    }

    /**
     * Computes a step.
     *
     * @param batch the step's batch, as a local run would train on it
     * @param stepSeed the step's seed (each shard's pass seed derives from it as on local devices)
     * @param parameters every parameter and state buffer of the model, by name, the step starts from
     */
    StepGradients compute(Batch batch, long stepSeed, Map<String, float[]> parameters);

    /**
     * Computes the step of batch {@code index} of epoch {@code epoch} (0-based), which workers that read
     * the data themselves make from those numbers; the others get {@code batch}.
     */
    default StepGradients compute(Batch batch, int epoch, int index, long stepSeed, Map<String, float[]> parameters) {
        return compute(batch, stepSeed, parameters);
    }

    /**
     * Computes a step for the objective the exchange was opened with: {@code target} is the batch's main
     * target values made on this machine (pixel labels {@code int[]}, images {@code float[]}), or null
     * when the workers make them from their shards (class labels, the input). An exchange that cannot
     * ship targets refuses them.
     */
    default StepGradients compute(Batch batch, int epoch, int index, long stepSeed, Object target,
            Map<String, float[]> parameters) {
        if (target != null) {
            throw new IllegalArgumentException(describe() + " cannot train against per-pixel or image targets");
        }
        return compute(batch, epoch, index, stepSeed, parameters);
    }

    /** The workers in words, for the run's banner and checkpoint. */
    String describe();

    /** What the steps cost so far (time in the exchange and computing, bytes each way), in a line; empty when unknown. */
    default String summary() {
        return "";
    }

    @Override
    void close();
}
