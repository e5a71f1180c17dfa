package org.lamina.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.lamina.data.DataLoader;
import org.lamina.data.Datasets;
import org.lamina.shell.TrainingBatches;
import org.lamina.spi.Options;
import org.lamina.train.DistributedTraining;

/**
 * The training data an executor reads itself, once per JVM and dataset: a step's task then carries
 * only which batch and which part of it, and makes that batch exactly as the driver's loader does.
 */
final class WorkerData {
    private static final Map<DistributedTraining.Data, DataLoader> LOADERS = new HashMap<>();

    private WorkerData() {
    }

    /** This JVM's loader of {@code data}, reading the dataset on the first call. */
    static synchronized DataLoader loader(DistributedTraining.Data data) {
        DataLoader l = LOADERS.get(data);
        if (l == null) {
            Path dir;
            try {
                // a Hadoop file system's URI is read through Hadoop (the cluster's configuration applies)
                dir = data.uri() == null ? null : data.uri().matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*")
                        ? new SparkTraining().stage(data.uri()) : Path.of(data.uri());
                Datasets.Split split = Datasets.load(data.dataset(), dir, data.limit(), data.limit());
                l = TrainingBatches.loader(split, data.batchSize(), data.seed(), Options.parse(data.augmentation()));
            } catch (RuntimeException e) {
                throw new IllegalStateException(WorkerState.where() + " cannot read " + data.dataset() + " from "
                        + (data.uri() == null ? "its default folder" : data.uri()) + ": " + e.getMessage(), e);
            }
            LOADERS.put(data, l);
        }
        return l;
    }
}
