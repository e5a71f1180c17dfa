package org.lamina.train;

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
 * @param extra further columns by name, in order: each loss term's value with several terms
 *     ({@code train_loss_aux1}), and what a task other than classification measures
 *     ({@code test_mean_iou}, {@code test_psnr}); the top-1 and top-5 columns are then NaN
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
        double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
        long peakStepBytes, long scratchBytes, java.util.Map<String, Double> extra) {

    public EpochStats {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** A classifier's epoch, without further columns. */
    public EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
            double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
            long peakStepBytes, long scratchBytes) {
        this(epoch, learningRate, trainLoss, trainTop1, trainTop5, testLoss, testTop1, testTop5, trainSeconds,
                imagesPerSecond, peakStepBytes, scratchBytes, java.util.Map.of());
    }

    /** A further column's value, NaN when this epoch has none of that name. */
    public double extra(String name) {
        return extra.getOrDefault(name, Double.NaN);
    }

    static final String CSV_HEADER = "epoch,learning_rate,train_loss,train_top1,train_top5,test_loss,test_top1,"
            + "test_top5,train_seconds,images_per_second,peak_step_bytes,kernel_scratch_bytes";

    /** The row, with the values of {@code columns} (further columns' names) after the fixed ones. */
    String csv(java.util.List<String> columns) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f,%d,%d", epoch, learningRate, trainLoss, trainTop1,
                trainTop5, testLoss, testTop1, testTop5, trainSeconds, imagesPerSecond, peakStepBytes, scratchBytes));
        for (String c : columns) {
            sb.append(String.format(java.util.Locale.ROOT, ",%.6f", extra(c)));
        }
        return sb.toString();
    }

    String csv() {
        return csv(java.util.List.copyOf(extra.keySet()));
    }

    static EpochStats parse(String line) {
        return parse(line, java.util.List.of());
    }

    /** A row of a log whose columns after the fixed ones are {@code columns}. */
    static EpochStats parse(String line, java.util.List<String> columns) {
        String[] f = line.split(",");
        java.util.Map<String, Double> extra = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size() && FIXED + i < f.length; i++) {
            extra.put(columns.get(i), Double.parseDouble(f[FIXED + i]));
        }
        return new EpochStats(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                f.length > 10 ? Long.parseLong(f[10]) : 0, f.length > 11 ? Long.parseLong(f[11]) : 0, extra);
    }

    /** The number of fixed columns, those of {@link #CSV_HEADER}. */
    static final int FIXED = 12;
}
