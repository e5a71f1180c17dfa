package org.lamina.shell;

import java.util.Set;

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

    /** The keys of --augment. */
    static final Set<String> KEYS = Set.of("crop", "flip", "erasing", "mixup", "rotate", "zoom",
            "resized-crop", "brightness", "contrast", "saturation");

    /** The training batches of {@code split} as --batch-size, --seed and --augment (checked) make them. */
    public static DataLoader loader(Datasets.Split split, int batchSize, long seed, Options augmentation) {
        DataLoader.Builder tb = DataLoader.of(split.train(), batchSize).shuffle(seed).normalize(split.normalization());
        // geometry first, then the existing crop and flip, then colour; erasing acts after normalization
        if (augmentation.has("resized-crop")) {
            tb.augment(Augmentation.randomResizedCrop(augmentation.number("resized-crop", 0.08)));
        }
        if (augmentation.has("rotate")) {
            tb.augment(Augmentation.rotation(augmentation.number("rotate", 0)));
        }
        if (augmentation.has("zoom")) {
            double[] z = zoom(augmentation.string("zoom", ""));
            tb.augment(Augmentation.zoom(z[0], z[1]));
        }
        if (augmentation.has("crop")) {
            tb.augment(Augmentation.randomCrop(augmentation.integer("crop", 0)));
        }
        if (augmentation.has("flip")) {
            tb.augment(Augmentation.horizontalFlip(augmentation.number("flip", 0.5)));
        }
        double b = augmentation.number("brightness", 0), c = augmentation.number("contrast", 0),
                sat = augmentation.number("saturation", 0);
        if (b > 0 || c > 0 || sat > 0) {
            tb.augment(Augmentation.colorJitter(b, c, sat));
        }
        if (augmentation.has("erasing")) {
            tb.augment(Augmentation.randomErasing(augmentation.number("erasing", 0.5)));
        }
        tb.mixup(augmentation.number("mixup", 0));
        return tb.build();
    }

    /** {@code zoom=0.2} is the range [0.8, 1.2]; {@code zoom=0.9:1.3} gives it whole. */
    static double[] zoom(String text) {
        try {
            int colon = text.indexOf(':');
            if (colon >= 0) {
                return new double[] {Double.parseDouble(text.substring(0, colon)),
                    Double.parseDouble(text.substring(colon + 1))};
            }
            double f = Double.parseDouble(text);
            if (f >= 0 && f < 1) {
                return new double[] {1 - f, 1 + f};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--augment: zoom=" + text + " is neither F (0 <= F < 1: factors 1-F to 1+F)"
                + " nor MIN:MAX (factors, 0 < MIN <= MAX)");
    }
}
