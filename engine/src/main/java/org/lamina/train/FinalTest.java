package org.lamina.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The test set's one evaluation at the end of a run with a validation split, on the parameters of
 * the best validation epoch ({@code test.csv} in the run folder).
 *
 * @param epoch the epoch whose parameters were tested (the best by the monitored validation metric)
 * @param loss mean test loss
 * @param top1 test accuracy, fraction; NaN for a dense task
 * @param top5 test top-5 accuracy, fraction; NaN for a dense task
 * @param checkpoint the checkpoint of that epoch ({@code best.safetensors})
 * @param measures what a dense task measures, by column name ({@code test_mean_iou}, {@code test_mse}, ...);
 *     empty for classification
 */
public record FinalTest(int epoch, double loss, double top1, double top5, Path checkpoint,
        Map<String, Double> measures) {

    static final String CSV_HEADER = "epoch,test_loss,test_top1,test_top5";

    public FinalTest {
        measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures));
    }

    /** A classification's test. */
    public FinalTest(int epoch, double loss, double top1, double top5, Path checkpoint) {
        this(epoch, loss, top1, top5, checkpoint, Map.of());
    }

    /** A measure by column name, NaN when this test has none of that name. */
    public double measure(String name) {
        return measures.getOrDefault(name, Double.NaN);
    }

    String csv() {
        StringBuilder head = new StringBuilder(CSV_HEADER);
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f", epoch, loss, top1, top5));
        measures.forEach((k, v) -> {
            head.append(',').append(k);
            row.append(String.format(Locale.ROOT, ",%.6f", v));
        });
        return head + "\n" + row + "\n";
    }
}
