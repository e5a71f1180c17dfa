package org.lamina.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based
 * @param learningRate the rate used
 * @param trainLoss mean training loss
 * @param trainTop1 training accuracy, fraction
 * @param trainTop5 training top-5 accuracy, fraction
 * @param testLoss mean test loss
 * @param testTop1 test accuracy, fraction
 * @param testTop5 test top-5 accuracy, fraction
 * @param trainSeconds wall time of the training part
 * @param imagesPerSecond training throughput
 * @param peakStepBytes the most tensor memory any training step of the epoch held on the device
 * @param scratchBytes device memory the kernels keep as scratch across calls at the end of the epoch
 *     (unfolded columns, transformed tiles, gathered panels), on top of the tensors
 * @param valLoss mean loss on the validation images, NaN without a validation split (the test
 *     columns are then NaN instead: the test set is evaluated once, after training)
 * @param valTop1 validation accuracy, fraction
 * @param valTop5 validation top-5 accuracy, fraction
 * @param extra further columns by name, in order: each loss term's value with several terms
 *     ({@code train_loss_aux1}), and what a task other than classification measures
 *     ({@code test_mean_iou}, {@code test_psnr}); the top-1 and top-5 columns are then NaN
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
        double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
        long peakStepBytes, long scratchBytes, double valLoss, double valTop1, double valTop5,
        Map<String, Double> extra) {

    public EpochStats {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An epoch without further columns. */
    public EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
            double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
            long peakStepBytes, long scratchBytes, double valLoss, double valTop1, double valTop5) {
        this(epoch, learningRate, trainLoss, trainTop1, trainTop5, testLoss, testTop1, testTop5, trainSeconds,
                imagesPerSecond, peakStepBytes, scratchBytes, valLoss, valTop1, valTop5, Map.of());
    }

    static final String CSV_HEADER = "epoch,learning_rate,train_loss,train_top1,train_top5,test_loss,test_top1,"
            + "test_top5,train_seconds,images_per_second,peak_step_bytes,kernel_scratch_bytes,val_loss,val_top1,val_top5";

    /** An epoch evaluated on the test set, without a validation split. */
    public EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
            double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
            long peakStepBytes, long scratchBytes) {
        this(epoch, learningRate, trainLoss, trainTop1, trainTop5, testLoss, testTop1, testTop5, trainSeconds,
                imagesPerSecond, peakStepBytes, scratchBytes, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A further column's value, NaN when this epoch has none of that name. */
    public double extra(String name) {
        return extra.getOrDefault(name, Double.NaN);
    }

    /** Whether the epoch was evaluated on validation images rather than the test set. */
    public boolean validated() {
        return !Double.isNaN(valLoss);
    }

    /** The row, with the values of {@code columns} (further columns' names) after the fixed ones. */
    String csv(List<String> columns) {
        StringBuilder sb = new StringBuilder(csvFixed());
        for (String c : columns) {
            sb.append(',').append(cell(extra(c)));
        }
        return sb.toString();
    }

    String csv() {
        return csv(List.copyOf(extra.keySet()));
    }

    private String csvFixed() {
        // what was not measured is an empty cell
        return String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%s,%s,%s,%.3f,%.1f,%d,%d,%s,%s,%s", epoch,
                learningRate, trainLoss, trainTop1, trainTop5, cell(testLoss), cell(testTop1), cell(testTop5),
                trainSeconds, imagesPerSecond, peakStepBytes, scratchBytes, cell(valLoss), cell(valTop1),
                cell(valTop5));
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static EpochStats parse(String line) {
        return parse(line, List.of());
    }

    /** A row of a log whose columns after the fixed ones are {@code columns}. */
    static EpochStats parse(String line, List<String> columns) {
        String[] f = line.split(",", -1);
        Map<String, Double> extra = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            extra.put(columns.get(i), number(f, FIXED + i));
        }
        return new EpochStats(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), number(f, 5), number(f, 6), number(f, 7),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                f.length > 10 ? Long.parseLong(f[10]) : 0, f.length > 11 ? Long.parseLong(f[11]) : 0,
                number(f, 12), number(f, 13), number(f, 14), extra);
    }

    /** The number of fixed columns, those of {@link #CSV_HEADER}. */
    static final int FIXED = 15;

    /** Field {@code i}; NaN when empty or absent (logs written before the validation columns). */
    private static double number(String[] f, int i) {
        return i < f.length && !f[i].isEmpty() ? Double.parseDouble(f[i]) : Double.NaN;
    }
}
