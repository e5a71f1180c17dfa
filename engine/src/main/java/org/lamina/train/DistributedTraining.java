package org.lamina.train;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Training on a cluster, found at run time: {@code lamina train --spark MASTER} asks the class path for
 * an implementation (the lamina-spark module provides one), so that the core bundles carry no
 * cluster's dependencies. The implementation opens a {@link GradientExchange}; {@link Trainer} does
 * the rest as for a local run (optimizer step, evaluation, checkpoint, log, curves, --resume).
 */
@ConsumerType
public interface DistributedTraining {

    /**
     * What the workers need to build the model: the architecture and loss by their registry names (the
     * workers look them up in their own registry, plugins included), and the device to open.
     *
     * @param master the cluster's master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...)
     * @param workers how many tasks share each batch
     * @param device the device spec each worker opens as {@code lamina train --device} would (null: the default)
     * @param objective what the workers train for (null: classification with {@code loss} on the network's
     *     only output); the driver's {@link Trainer} must train for the same
     */
    record Job(String master, int workers, String device, String architecture, String architectureOptions,
            int[] inputShape, int classes, String loss, String runName,
            Data data, Exchange exchange, Objective.Spec objective) implements Serializable {

        /** A job with the default exchange. */
        public Job(String master, int workers, String device, String architecture, String architectureOptions,
                int[] inputShape, int classes, String loss, String runName, Data data) {
            this(master, workers, device, architecture, architectureOptions, inputShape, classes, loss, runName, data,
                    Exchange.DEFAULT);
        }

        /** A classifier's job of one loss term. */
        public Job(String master, int workers, String device, String architecture, String architectureOptions,
                int[] inputShape, int classes, String loss, String runName, Data data, Exchange exchange) {
            this(master, workers, device, architecture, architectureOptions, inputShape, classes, loss, runName, data,
                    exchange, null);
        }

        /** This job with another exchange. */
        public Job with(Exchange e) {
            return new Job(master, workers, device, architecture, architectureOptions, inputShape, classes, loss, runName,
                    data, e, objective);
        }

        /** This job training for {@code o}. */
        public Job with(Objective o) {
            return new Job(master, workers, device, architecture, architectureOptions, inputShape, classes, loss, runName,
                    data, exchange, o.spec());
        }
    }

    /**
     * How a step's gradients are summed across the workers ({@code --spark-exchange}); every kind gives the
     * same sum (to float rounding), they differ in what travels where (docs/distributed.md measures them).
     */
    enum Exchange {
        /** The workers' parts summed in a tree on their way to the driver (Spark's treeAggregate). */
        TREE,
        /** Every worker's part sent to the driver, which sums them (Spark's reduce). */
        REDUCE,
        /**
         * A barrier stage: the workers sum their gradients among themselves with Spark's barrier
         * {@code allGather} (relayed by the driver's barrier coordinator); one worker returns the sum.
         */
        BARRIER,
        /**
         * BigDL's all-reduce over the block manager: each worker owns a slice of the gradient, sums that
         * slice of every worker's gradient (fetched from their block managers) and returns it.
         */
        SHARDED;

        /** The kind a run uses when none is given (the cheapest measured, docs/distributed.md). */
        public static final Exchange DEFAULT = SHARDED;

        /** The kind named {@code s} (any case). */
        public static Exchange parse(String s) {
            for (Exchange e : values()) {
                if (e.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("--spark-exchange: '" + s + "' is not one of tree, reduce, barrier,"
                    + " sharded");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the workers read the training data themselves, each once (null: each step's shards travel
     * with its tasks): the dataset by name, the --data folder or URI (null: the dataset's default folder)
     * and what makes the batches, so that a worker's batch {@code (epoch, index)} is the driver's.
     *
     * @param augmentation the --augment options, as given
     */
    public record Data(String dataset, String uri, int limit, long seed, int batchSize, String augmentation) implements Serializable {
    }

    /** The cluster this implementation runs on, as {@code --spark} names it ("spark"). */
    String name();

    /**
     * A local folder with the files of the dataset folder {@code uri} (hdfs://, s3a://, file://, ...: what
     * the cluster's file systems read), copied there once, for the driver to read the dataset from.
     *
     * @throws IllegalArgumentException naming the URI when it cannot be read
     */
    Path stage(String uri);

    /** Connects to the cluster and prepares the workers for {@code job}. */
    GradientExchange open(Job job);

    /**
     * The first implementation on the class path of {@code loader}.
     *
     * @throws IllegalArgumentException naming what to put on the class path, when there is none
     */
    static DistributedTraining find(ClassLoader loader, String option) {
        List<DistributedTraining> found = ServiceLoader.load(DistributedTraining.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException(option + ": the lamina-spark module is not on the class path; build it"
                    + " (mvn -pl spark -am package) and run ./lamina, or spark-submit spark/target/lamina-spark-*-all.jar"
                    + " (docs/distributed.md)");
        }
        return found.get(0);
    }
}
