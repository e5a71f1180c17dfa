package org.lamina.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.train.EpochStats;
import org.lamina.train.Objective;
import org.lamina.train.Target;

/**
 * What {@code lamina train} trains for: the task (--task, else the architecture's), the loss terms of
 * the network's outputs (the architecture's auxiliary weights, --aux-weights), and the segmentation
 * masks derived from the images (--masks).
 */
final class TrainObjective {
    /**
     * Foreground above this pixel value (in [0, 1]); Fashion-MNIST's background is 0 and its items mostly
     * above. Not a multiple of 1/255, so no 8-bit pixel sits on it (a round trip through the normalization
     * cannot move a pixel across).
     */
    static final double THRESHOLD = 0.25;
    /** Pixels within this much below the threshold do not count: the soft edge of an item. */
    static final double BAND = 0.1;

    private TrainObjective() {
    }

    /** --task, or the architecture's own when not given. */
    static Objective.Task task(String option, Architecture architecture) {
        String t = option != null ? option : architecture.task();
        try {
            return Objective.Task.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((option != null ? "--task: '" : "--arch " + architecture.name()
                    + ": its task '") + t + "' is not classify, segment or reconstruct");
        }
    }

    /** The classes of the masks derived from the images: class 0 background, class 1 the item. */
    static final List<String> MASK_CLASSES = List.of("background", "item");

    /** The classes the network's output has: the dataset's, or the masks' to segment. */
    static int classes(Objective.Task task, ImageDataset train) {
        return task == Objective.Task.SEGMENT ? MASK_CLASSES.size() : train.classes();
    }

    /** The names of {@link #classes}. */
    static List<String> classNames(Objective.Task task, ImageDataset train) {
        return task == Objective.Task.SEGMENT ? MASK_CLASSES : train.classNames();
    }

    /** The loss a task trains with when --loss is not given. */
    static String defaultLoss(Objective.Task task) {
        return task == Objective.Task.RECONSTRUCT ? "mse" : "cross-entropy";
    }

    /** Checks --masks and --aux-weights before any data is read. */
    static void checkOptions(Objective.Task task, Options masks, Options auxWeights) {
        masks.requireOnly("--masks", Set.of("threshold", "band"));
        if (!masks.asMap().isEmpty() && task != Objective.Task.SEGMENT) {
            throw new IllegalArgumentException("--masks is for --task segment (this run's task is " + task.label() + ")");
        }
        double threshold = masks.number("threshold", THRESHOLD), band = masks.number("band", BAND);
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("--masks: threshold=" + threshold + " is not a pixel value in (0, 1)");
        }
        if (!(band >= 0 && band < threshold)) {
            throw new IllegalArgumentException("--masks: band=" + band + " is not in [0, threshold=" + threshold + ")");
        }
        for (Map.Entry<String, String> e : auxWeights.asMap().entrySet()) {
            double w = auxWeights.number(e.getKey(), 0);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("--aux-weights: " + e.getKey() + "=" + e.getValue()
                        + " is not a weight (give 0 or more)");
            }
        }
    }

    /**
     * The objective of {@code net}: {@code loss} on its first output for {@code task}, plus its other
     * outputs at the architecture's weights, which --aux-weights overrides (0: not trained).
     */
    static Objective objective(Objective.Task task, Architecture architecture, Network net, Loss loss,
            Normalization normalization, Options masks, Options auxWeights) {
        String main = net.outputs().get(0);
        Objective o = switch (task) {
            case CLASSIFY -> Objective.classify(loss, main);
            case SEGMENT -> Objective.segment(loss, main, (Target.Pixels) Target.foreground(normalization,
                    masks.number("threshold", THRESHOLD), masks.number("band", BAND)));
            case RECONSTRUCT -> Objective.reconstruct(loss, main, (Target.Images) Target.INPUT, 1);
        };
        Map<String, Double> weights = new LinkedHashMap<>(architecture.auxiliaryLossWeights());
        for (String name : auxWeights.asMap().keySet()) {
            if (name.equals(main) || !net.outputs().contains(name)) {
                throw new IllegalArgumentException("--aux-weights: '" + name + "' is not an auxiliary output of "
                        + architecture.name() + " (its outputs: " + net.outputs() + ", the first is the main one)");
            }
            weights.put(name, auxWeights.number(name, 0));
        }
        return o.withAuxiliaries(net, weights);
    }

    /** The last line of a run: what the task measures on the test data. */
    static String result(Objective.Task task, EpochStats last) {
        return switch (task) {
            case CLASSIFY -> String.format("Test accuracy %.2f%% (top-5 %.2f%%)", 100 * last.testTop1(),
                    100 * last.testTop5());
            case SEGMENT -> String.format("Test pixel accuracy %.2f%%, mean IoU %.2f%%",
                    100 * last.extra("test_pixel_accuracy"), 100 * last.extra("test_mean_iou"));
            case RECONSTRUCT -> String.format("Test reconstruction MSE %.5f (PSNR %.2f dB)", last.extra("test_mse"),
                    last.extra("test_psnr"));
        };
    }
}
