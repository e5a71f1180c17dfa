package org.lamina.train;

import java.util.List;
import java.util.Locale;

/**
 * Which validation metric picks the best epoch, and when training stops because it no longer
 * improves: an epoch improves on the best so far when it beats it by more than {@code minDelta}
 * ({@code val_loss} lower, accuracies higher, as Keras's {@code EarlyStopping}); after
 * {@code patience} epochs in a row without improvement the run stops. Patience 0 never stops, and
 * only picks the best epoch.
 *
 * @param metric {@code val_loss}, {@code val_top1} or {@code val_top5} (classification),
 *     {@code val_pixel_accuracy} or {@code val_mean_iou} (segmentation), {@code val_mse} or
 *     {@code val_psnr} (reconstruction)
 * @param maximize whether higher is better
 * @param patience epochs without improvement before stopping; 0: never stop
 * @param minDelta how much better than the best an epoch must be to count as an improvement
 */
public record EarlyStopping(String metric, boolean maximize, int patience, double minDelta) {
    /** The metrics that can be monitored. */
    public static final List<String> METRICS = List.of("val_loss", "val_top1", "val_top5", "val_pixel_accuracy",
            "val_mean_iou", "val_mse", "val_psnr");

    /** The metrics a task's validation measures: the loss and the task's own. */
    public static List<String> metrics(Objective.Task task) {
        return switch (task) {
            case CLASSIFY -> List.of("val_loss", "val_top1", "val_top5");
            case SEGMENT -> List.of("val_loss", "val_pixel_accuracy", "val_mean_iou");
            case RECONSTRUCT -> List.of("val_loss", "val_mse", "val_psnr");
        };
    }

    public EarlyStopping {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("early stopping: unknown metric '" + metric + "'; the metrics are "
                    + String.join(", ", METRICS));
        }
        if (patience < 0) {
            throw new IllegalArgumentException("early stopping: patience " + patience + " is negative");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("early stopping: min delta " + minDelta + " is not a number >= 0");
        }
    }

    /**
     * From the command line's words: {@code mode} {@code auto} (minimize the loss and the MSE, maximize
     * accuracies, IoU and PSNR), {@code min} or {@code max}.
     */
    public static EarlyStopping of(String metric, String mode, int patience, double minDelta) {
        String m = metric.strip().toLowerCase(Locale.ROOT);
        boolean max = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> !m.equals("val_loss") && !m.equals("val_mse");
            case "min" -> false;
            case "max" -> true;
            default -> throw new IllegalArgumentException("early stopping: mode '" + mode + "' is not auto, min or max");
        };
        return new EarlyStopping(m, max, patience, minDelta);
    }

    /** The monitored value of an epoch. */
    public double value(EpochStats s) {
        return switch (metric) {
            case "val_loss" -> s.valLoss();
            case "val_top1" -> s.valTop1();
            case "val_top5" -> s.valTop5();
            default -> s.extra().getOrDefault(metric, Double.NaN); // a dense task's column
        };
    }

    /** A fresh record of the best epoch. */
    public Tracker tracker() {
        return new Tracker();
    }

    /** The best epoch so far and the epochs since; rebuilt on resume from the log's rows. */
    public final class Tracker {
        private int bestEpoch;
        private double best = Double.NaN;
        private int wait;

        /** Counts an epoch; whether it is the new best. */
        public boolean update(EpochStats s) {
            double v = value(s);
            boolean better = bestEpoch == 0 || (maximize ? v > best + minDelta : v < best - minDelta);
            if (better && !Double.isNaN(v)) {
                best = v;
                bestEpoch = s.epoch();
                wait = 0;
                return true;
            }
            wait++;
            return false;
        }

        /** Whether patience has run out. */
        public boolean shouldStop() {
            return patience > 0 && wait >= patience;
        }

        public int bestEpoch() {
            return bestEpoch;
        }

        public double best() {
            return best;
        }

        /** Why the run stopped, for the console. */
        public String reason(int epoch) {
            return String.format(Locale.ROOT, "early stop after epoch %d: %s has not improved by more than %s for %d"
                    + " epochs (best %.6f at epoch %d)", epoch, metric, minDelta, wait, best, bestEpoch);
        }
    }
}
