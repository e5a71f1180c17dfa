package org.lamina.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lamina.io.AtomicFiles;

/**
 * The CSV log of a run ({@code log.csv}, one row per epoch) and its PNG plot ({@code curves.png}).
 * Both are rewritten atomically after every epoch; a resumed run keeps the rows of the epochs its
 * checkpoint covers.
 */
public final class TrainingLog {
    private final Path csv;
    private final Path plot;
    private final List<EpochStats> rows = new ArrayList<>();

    public TrainingLog(Path runDir) {
        this.csv = runDir.resolve("log.csv");
        this.plot = runDir.resolve("curves.png");
    }

    /** Reads the rows of epochs up to {@code lastEpoch} from an existing log (resuming). */
    public void resumeFrom(int lastEpoch) {
        rows.clear();
        if (!Files.isRegularFile(csv)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("epoch")) {
                    continue;
                }
                EpochStats s = EpochStats.parse(line);
                if (s.epoch() <= lastEpoch) {
                    rows.add(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            rows.clear(); // an unreadable log starts afresh; the checkpoint is what matters
        }
    }

    /** Appends an epoch and rewrites the CSV and the plot. */
    public void add(EpochStats s) {
        rows.add(s);
        StringBuilder sb = new StringBuilder(EpochStats.CSV_HEADER).append('\n');
        rows.forEach(r -> sb.append(r.csv()).append('\n'));
        try {
            AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
            TrainingCurves.write(plot, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the training log in " + csv.getParent() + ": " + e.getMessage(), e);
        }
    }

    public List<EpochStats> rows() {
        return List.copyOf(rows);
    }

    public Path csvFile() {
        return csv;
    }

    public Path plotFile() {
        return plot;
    }
}
