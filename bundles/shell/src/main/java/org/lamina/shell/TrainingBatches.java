package org.lamina.shell;

import org.lamina.data.Augmentation;
import org.lamina.data.DataLoader;
import org.lamina.data.Datasets;
import org.lamina.spi.Options;

/**
 * The training batches {@code lamina train} makes: Spark's executors make theirs with it too, so that
 * their batches are the driver's.
 */
public final class TrainingBatches {
    private TrainingBatches() {
    }

    /** The training batches of {@code split} as --batch-size, --seed and --augment (checked) make them. */
    public static DataLoader loader(Datasets.Split split, int batchSize, long seed, Options augmentation) {
        DataLoader.Builder tb = DataLoader.of(split.train(), batchSize).shuffle(seed).normalize(split.normalization());
        if (augmentation.has("crop")) {
            tb.augment(Augmentation.randomCrop(augmentation.integer("crop", 0)));
        }
        if (augmentation.has("flip")) {
            tb.augment(Augmentation.horizontalFlip(augmentation.number("flip", 0.5)));
        }
        if (augmentation.has("erasing")) {
            tb.augment(Augmentation.randomErasing(augmentation.number("erasing", 0.5)));
        }
        tb.mixup(augmentation.number("mixup", 0));
        return tb.build();
    }
}
