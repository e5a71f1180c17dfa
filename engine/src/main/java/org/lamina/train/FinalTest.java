package org.lamina.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The test set's one evaluation at the end of a run with a validation split, on the parameters of
 * the best validation epoch ({@code test.csv} in the run folder).
 *
 * @param epoch the epoch whose parameters were tested (the best by the monitored validation metric)
 * @param loss mean test loss
 * @param top1 test accuracy, fraction
 * @param top5 test top-5 accuracy, fraction
 * @param checkpoint the checkpoint of that epoch ({@code best.safetensors})
 */
public record FinalTest(int epoch, double loss, double top1, double top5, Path checkpoint) {

    static final String CSV_HEADER = "epoch,test_loss,test_top1,test_top5";

    String csv() {
        return String.format(Locale.ROOT, "%s\n%d,%.6f,%.6f,%.6f\n", CSV_HEADER, epoch, loss, top1, top5);
    }
}
