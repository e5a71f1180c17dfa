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
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainTop1, double trainTop5,
        double testLoss, double testTop1, double testTop5, double trainSeconds, double imagesPerSecond,
        long peakStepBytes, long scratchBytes) {

    static final String CSV_HEADER = "epoch,learning_rate,train_loss,train_top1,train_top5,test_loss,test_top1,"
            + "test_top5,train_seconds,images_per_second,peak_step_bytes,kernel_scratch_bytes";

    String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f,%d,%d", epoch,
                learningRate, trainLoss, trainTop1, trainTop5, testLoss, testTop1, testTop5, trainSeconds,
                imagesPerSecond, peakStepBytes, scratchBytes);
    }

    static EpochStats parse(String line) {
        String[] f = line.split(",");
        return new EpochStats(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                f.length > 10 ? Long.parseLong(f[10]) : 0, f.length > 11 ? Long.parseLong(f[11]) : 0);
    }
}
