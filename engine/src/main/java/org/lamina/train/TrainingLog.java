package org.lamina.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
        resumeFrom(lastEpoch, null);
    }

    /**
     * Takes the rows of epochs up to {@code lastEpoch} from {@code recorded}, the log as the
     * checkpoint recorded it ({@link #csvText()}), or, for checkpoints without one, from the log file,
     * and rewrites the files: a crash between the checkpoint and the log loses no row.
     */
    public void resumeFrom(int lastEpoch, String recorded) {
        rows.clear();
        if (recorded == null && !Files.isRegularFile(csv)) {
            return;
        }
        try {
            List<String> lines = recorded != null ? recorded.lines().toList() : Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> columns = List.of();
            for (String line : lines) {
                if (line.startsWith("epoch")) {
                    String[] names = line.split(",");
                    columns = List.of(names).subList(Math.min(EpochStats.FIXED, names.length), names.length);
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                EpochStats s = EpochStats.parse(line, columns);
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
        write();
    }

    /** Rewrites the CSV and the plot from the rows. */
    public void write() {
        try {
            AtomicFiles.write(csv, csvText().getBytes(StandardCharsets.UTF_8));
            TrainingCurves.write(plot, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the training log in " + csv.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** The CSV's text: a header and a row per epoch. */
    public String csvText() {
        return csvText(rows);
    }

    /** The rows so far with {@code s} appended, as CSV text, without changing the log. */
    public String csvTextWith(EpochStats s) {
        List<EpochStats> all = new ArrayList<>(rows);
        all.add(s);
        return csvText(all);
    }

    /** A header with every further column any row has (in the order first seen), and a line per row. */
    private static String csvText(List<EpochStats> rows) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.extra().keySet()));
        List<String> columns = List.copyOf(names);
        StringBuilder sb = new StringBuilder(EpochStats.CSV_HEADER);
        columns.forEach(c -> sb.append(',').append(c));
        sb.append('\n');
        rows.forEach(r -> sb.append(r.csv(columns)).append('\n'));
        return sb.toString();
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
