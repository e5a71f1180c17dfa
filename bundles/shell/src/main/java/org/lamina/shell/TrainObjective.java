package org.lamina.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.lamina.data.FolderDataset;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.train.EpochStats;
import org.lamina.train.FinalTest;
import org.lamina.train.Objective;
import org.lamina.train.Target;

/**
 * What {@code lamina train} trains for: the task (--task, else the architecture's), the loss terms of
 * the network's outputs (the architecture's auxiliary weights, --aux-weights), and the segmentation
 * masks: derived from the images (--masks K=V,...) or read from files (--masks folder:PATH), as the
 * reconstruction targets may be (--targets folder:PATH).
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

    /** The folder of {@code --masks folder:PATH} or {@code --targets folder:PATH}; null for another value. */
    static Path folder(String option) {
        String v = option == null ? "" : option.strip();
        if (!v.regionMatches(true, 0, "folder:", 0, 7)) {
            return null;
        }
        if (v.length() == 7) {
            throw new IllegalArgumentException("'" + option + "' names no folder; give folder:PATH");
        }
        return Path.of(v.substring(7));
    }

    /**
     * The classes the network's output has: the dataset's; to segment, the masks' (--mask-classes, else
     * one more than the largest class of the training masks read from files, else the derived masks' 2).
     */
    static int classes(Objective.Task task, ImageDataset train, Integer maskClasses) {
        if (task != Objective.Task.SEGMENT) {
            return train.classes();
        }
        if (!train.hasMasks()) {
            return MASK_CLASSES.size();
        }
        return maskClasses != null ? maskClasses : FolderDataset.maskClasses(train);
    }

    /** The names of {@link #classes}: the masks' classes from files are their indices. */
    static List<String> classNames(Objective.Task task, ImageDataset train, int classes) {
        if (task != Objective.Task.SEGMENT) {
            return train.classNames();
        }
        if (!train.hasMasks()) {
            return MASK_CLASSES;
        }
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
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
        checkThresholds(masks);
        for (Map.Entry<String, String> e : auxWeights.asMap().entrySet()) {
            double w = auxWeights.number(e.getKey(), 0);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("--aux-weights: " + e.getKey() + "=" + e.getValue()
                        + " is not a weight (give 0 or more)");
            }
        }
    }

    /**
     * Checks the dense targets read from files before any data is read: --masks folder:PATH (with
     * --mask-classes) to segment, --targets folder:PATH to reconstruct, on a folder dataset.
     */
    static void checkFiles(Objective.Task task, Path masks, Integer maskClasses, Path targets, boolean folderDataset,
            String dataset) {
        if (masks != null && task != Objective.Task.SEGMENT) {
            throw new IllegalArgumentException("--masks is for --task segment (this run's task is " + task.label() + ")");
        }
        if (targets != null && task != Objective.Task.RECONSTRUCT) {
            throw new IllegalArgumentException("--targets is for --task reconstruct (this run's task is " + task.label()
                    + ")");
        }
        if (maskClasses != null && masks == null) {
            throw new IllegalArgumentException("--mask-classes is for masks read from files: give --masks folder:PATH");
        }
        if (maskClasses != null && (maskClasses < 1 || maskClasses > ImageDataset.IGNORE_MASK)) {
            throw new IllegalArgumentException("--mask-classes: " + maskClasses + " is not a number of classes (1 to "
                    + ImageDataset.IGNORE_MASK + "; " + ImageDataset.IGNORE_MASK + " marks pixels that do not count)");
        }
        if ((masks != null || targets != null) && !folderDataset) {
            throw new IllegalArgumentException((masks != null ? "--masks" : "--targets") + " folder:PATH is for folder"
                    + " datasets (--dataset folder:PATH), whose images it mirrors; " + dataset + " is not one");
        }
        for (Path p : new Path[] {masks, targets}) {
            if (p != null && !Files.isDirectory(p)) {
                throw new IllegalArgumentException((p == masks ? "--masks" : "--targets") + " folder:" + p + ": " + p
                        + (Files.exists(p) ? " is a file, not a folder" : " does not exist"));
            }
        }
    }

    private static void checkThresholds(Options masks) {
        double threshold = masks.number("threshold", THRESHOLD), band = masks.number("band", BAND);
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("--masks: threshold=" + threshold + " is not a pixel value in (0, 1)");
        }
        if (!(band >= 0 && band < threshold)) {
            throw new IllegalArgumentException("--masks: band=" + band + " is not in [0, threshold=" + threshold + ")");
        }
    }

    /**
     * The objective of {@code net}: {@code loss} on its first output for {@code task}, plus its other
     * outputs at the architecture's weights, which --aux-weights overrides (0: not trained).
     */
    static Objective objective(Objective.Task task, Architecture architecture, Network net, Loss loss,
            ImageDataset train, Normalization normalization, Options masks, Options auxWeights) {
        String main = net.outputs().get(0);
        Objective o = switch (task) {
            case CLASSIFY -> Objective.classify(loss, main);
            case SEGMENT -> Objective.segment(loss, main, (Target.Pixels) (train.hasMasks() ? Target.MASKS
                    : Target.foreground(normalization, masks.number("threshold", THRESHOLD),
                            masks.number("band", BAND))));
            case RECONSTRUCT -> {
                if (train.hasTargets()) {
                    int[] out = net.node(main).shape(), want = {train.targetChannels(), train.height(), train.width()};
                    if (!Arrays.equals(out, want)) {
                        throw new IllegalArgumentException("--targets: the target images are "
                                + TrainCommand.shape(want) + " but " + architecture.name() + "'s output " + main + " is "
                                + TrainCommand.shape(out) + "; give target images of the output's shape (or an"
                                + " architecture whose output is theirs)");
                    }
                }
                yield Objective.reconstruct(loss, main, (Target.Images) (train.hasTargets() ? Target.TARGET_IMAGES
                        : Target.INPUT), 1);
            }
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

    /** The line of a validated run's last epoch: what the task measures on the validation images. */
    static String validation(Objective.Task task, EpochStats last) {
        return switch (task) {
            case CLASSIFY -> String.format("Validation accuracy %.2f%% (top-5 %.2f%%)", 100 * last.valTop1(),
                    100 * last.valTop5());
            case SEGMENT -> String.format("Validation pixel accuracy %.2f%%, mean IoU %.2f%%",
                    100 * last.extra("val_pixel_accuracy"), 100 * last.extra("val_mean_iou"));
            case RECONSTRUCT -> String.format("Validation reconstruction MSE %.5f (PSNR %.2f dB)",
                    last.extra("val_mse"), last.extra("val_psnr"));
        };
    }

    /** What the test set's one evaluation after a validated run measured. */
    static String finalTest(Objective.Task task, FinalTest t) {
        return switch (task) {
            case CLASSIFY -> String.format("Test accuracy %.2f%% (top-5 %.2f%%, loss %.4f)", 100 * t.top1(),
                    100 * t.top5(), t.loss());
            case SEGMENT -> String.format("Test pixel accuracy %.2f%%, mean IoU %.2f%% (loss %.4f)",
                    100 * t.measure("test_pixel_accuracy"), 100 * t.measure("test_mean_iou"), t.loss());
            case RECONSTRUCT -> String.format("Test reconstruction MSE %.5f (PSNR %.2f dB)", t.measure("test_mse"),
                    t.measure("test_psnr"));
        };
    }
}
