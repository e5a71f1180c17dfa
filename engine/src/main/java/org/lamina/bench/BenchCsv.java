package org.lamina.bench;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CSV of {@code lamina bench}: cells separated by commas, a cell holding a comma or a quote in
 * double quotes (RFC 4180), one row per line. Written by {@link Measurement#csv()}, read back here
 * to join the reports of several machines ({@link BenchJoin}).
 */
public final class BenchCsv {
    private BenchCsv() {
    }

    /** One data row of a file, its cells by column name. */
    public record Row(Path file, int line, Map<String, String> cells) {
        /** The cell of {@code column}, empty when the file has no such column. */
        public String get(String column) {
            return cells.getOrDefault(column, "");
        }

        /** The cell as a number; empty when blank. */
        public Optional<Double> number(String column) {
            String v = get(column).strip();
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d) || d < 0) {
                    throw new NumberFormatException();
                }
                return Optional.of(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": " + column + " '" + v
                        + "' is not a non-negative number");
            }
        }
    }

    /** One line of cells, quoted where needed; line breaks inside a cell become spaces. */
    public static String row(String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i] == null ? "" : cells[i].replace('\n', ' ').replace('\r', ' ');
            sb.append(c.contains(",") || c.contains("\"") ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return sb.toString();
    }

    /**
     * Reads a bench CSV.
     *
     * @param required columns the header must have
     * @throws IllegalArgumentException naming the file (and line) when it is missing, unreadable, not a
     *     bench CSV, lacks a required column, has a row of another length, or has no rows
     */
    public static List<Row> read(Path file, List<String> required) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not a lamina bench CSV (not UTF-8 text)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + ": not a lamina bench CSV (it is empty)");
        }
        List<String> header = split(lines.get(0), file, 1);
        List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": not a lamina bench CSV (its header lacks "
                    + String.join(", ", missing) + ": '" + shorten(lines.get(0)) + "')");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(i), file, i + 1);
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size()
                        + " cells where the header has " + header.size());
            }
            Map<String, String> byName = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                byName.put(header.get(c), cells.get(c));
            }
            rows.add(new Row(file, i + 1, byName));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no benchmark rows (only a header)");
        }
        return rows;
    }

    static List<String> split(String line, Path file, int number) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + number + ": a quote is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "~";
    }
}
