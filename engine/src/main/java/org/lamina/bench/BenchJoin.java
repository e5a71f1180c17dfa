package org.lamina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.jfree.data.category.DefaultCategoryDataset;
import org.lamina.io.AtomicFiles;

/**
 * The {@code bench.csv} files of several machines (or several sessions on one) joined into one
 * table, op by op, device beside device: each device's median time over its sessions with the
 * range (fastest and slowest session), its rate (GFLOP/s, GB/s for memory-bound ops, images/s where
 * neither is counted) and its speed relative to the first device.
 *
 * <p>A device is one column per host, platform, device index, name and driver version: the same
 * card on the same machine and driver in several files is one device with several sessions, and two
 * cards of one model in one machine are two devices. Files written before the platform and host
 * columns existed are keyed by device index and name alone.
 */
public final class BenchJoin {
    /** The columns a file must have to be joined. */
    public static final List<String> REQUIRED = List.of("workload", "pass", "device", "device_name", "median_ms");

    /**
     * A device of the joined table.
     *
     * @param label {@code D1}, {@code D2}, ... in order of first appearance
     * @param files the files it has rows in, in the order given
     * @param dates the dates of its sessions (empty for files without a date column)
     * @param peakGflops the estimated peak its rows recorded; empty when none could be estimated
     * @param peakBasis the estimate's arithmetic, or why there is none (empty in files without it)
     */
    public record Column(String label, String name, String type, String platform, String driverVersion,
            String openClVersion, String host, String cpu, List<Path> files, List<String> dates,
            OptionalDouble peakGflops, String peakBasis) {

        /** {@code rate} in GFLOP/s as a percentage of the estimated peak; empty when there is no estimate. */
        public OptionalDouble peakPercent(double gflops) {
            return peakGflops.isPresent() && peakGflops.getAsDouble() > 0
                    ? OptionalDouble.of(100 * gflops / peakGflops.getAsDouble()) : OptionalDouble.empty();
        }
    }

    /**
     * One device's sessions of one workload and pass.
     *
     * @param sessions the rows summarized
     * @param medianMs the median over sessions of each session's median time
     * @param minMs the fastest session's median time
     * @param maxMs the slowest session's median time
     * @param rate the median over sessions of the rate, in the line's unit; empty where no rate is recorded
     * @param speedup the first device's median time over this one's; empty where the first has no row
     */
    public record Cell(int sessions, double medianMs, double minMs, double maxMs, OptionalDouble rate,
            OptionalDouble speedup) {
    }

    /**
     * A workload and pass, with a cell per device (empty where a device has no row).
     *
     * @param unit {@code GFLOP/s}, {@code GB/s} or {@code img/s}
     */
    public record Line(String workload, String family, String pass, String unit, List<Optional<Cell>> cells) {
    }

    private final List<Column> columns;
    private final List<Line> lines;

    private BenchJoin(List<Column> columns, List<Line> lines) {
        this.columns = List.copyOf(columns);
        this.lines = List.copyOf(lines);
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Line> lines() {
        return lines;
    }

    /** A device's rows, gathered over the files. */
    private static final class Gathered {
        final String name, type, platform, driver, openCl, host, cpu;
        final Set<Path> files = new LinkedHashSet<>();
        final Set<String> dates = new TreeSet<>();
        final List<Double> peaks = new ArrayList<>();
        String peakBasis = "";
        final Map<String, List<BenchCsv.Row>> rows = new LinkedHashMap<>();

        Gathered(BenchCsv.Row r) {
            name = r.get("device_name");
            type = r.get("device_type");
            platform = r.get("platform");
            driver = r.get("driver_version");
            openCl = r.get("opencl_version");
            host = r.get("host");
            cpu = r.get("cpu");
        }
    }

    /**
     * Reads and joins {@code files}; a folder stands for the {@code bench.csv} in it.
     *
     * @param only workload names or families to keep; empty keeps every row
     * @throws IllegalArgumentException naming the file when one is missing or not a bench CSV, when a
     *     device shares no workload with the first device, or when {@code only} leaves nothing
     */
    public static BenchJoin of(List<Path> files, Collection<String> only) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--join needs at least one bench.csv");
        }
        Map<String, Gathered> devices = new LinkedHashMap<>();
        Map<String, String[]> workloads = new LinkedHashMap<>();
        int kept = 0;
        for (Path given : files) {
            // A report folder (bench --out, device-check.sh) stands for its bench.csv.
            Path file = Files.isDirectory(given) ? given.resolve("bench.csv") : given;
            for (BenchCsv.Row r : BenchCsv.read(file, REQUIRED)) {
                if (!only.isEmpty() && !only.contains(r.get("workload")) && !only.contains(r.get("family"))) {
                    continue;
                }
                r.number("median_ms").orElseThrow(() -> new IllegalArgumentException(
                        r.file() + " line " + r.line() + ": median_ms is empty"));
                String key = String.join("|", r.get("host"), r.get("platform"), r.get("device"),
                        r.get("device_name"), r.get("driver_version"));
                Gathered g = devices.computeIfAbsent(key, k -> new Gathered(r));
                g.files.add(file);
                if (!r.get("date").isBlank()) {
                    g.dates.add(r.get("date"));
                }
                r.number("peak_gflops").ifPresent(g.peaks::add);
                if (g.peakBasis.isEmpty()) {
                    g.peakBasis = r.get("peak_basis");
                }
                String line = r.get("workload") + "|" + r.get("pass");
                g.rows.computeIfAbsent(line, k -> new ArrayList<>()).add(r);
                workloads.putIfAbsent(line, new String[] {r.get("workload"), r.get("family"), r.get("pass"),
                    unit(r)});
                kept++;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("--only " + String.join(",", only) + " matches no row of "
                    + String.join(", ", files.stream().map(Path::toString).toList()));
        }
        List<Gathered> gathered = new ArrayList<>(devices.values());
        Gathered first = gathered.get(0);
        for (Gathered g : gathered.subList(1, gathered.size())) {
            if (g.rows.keySet().stream().noneMatch(first.rows::containsKey)) {
                throw new IllegalArgumentException(g.files.iterator().next() + ": no benchmark row in common with "
                        + first.files.iterator().next() + " (device '" + g.name + "' ran none of the workloads of '"
                        + first.name + "')");
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < gathered.size(); i++) {
            Gathered g = gathered.get(i);
            columns.add(new Column("D" + (i + 1), g.name, g.type, g.platform, g.driver, g.openCl, g.host, g.cpu,
                    List.copyOf(g.files), List.copyOf(g.dates),
                    g.peaks.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(g.peaks)), g.peakBasis));
        }
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, String[]> w : workloads.entrySet()) {
            String[] what = w.getValue();
            List<Optional<Cell>> cells = new ArrayList<>();
            Optional<Double> reference = Optional.empty();
            for (int i = 0; i < gathered.size(); i++) {
                List<BenchCsv.Row> rows = gathered.get(i).rows.get(w.getKey());
                if (rows == null) {
                    cells.add(Optional.empty());
                    continue;
                }
                List<Double> ms = rows.stream().map(r -> r.number("median_ms").orElseThrow()).toList();
                List<Double> rates = new ArrayList<>();
                for (BenchCsv.Row r : rows) {
                    rate(r, what[3]).ifPresent(rates::add);
                }
                double median = median(ms);
                if (i == 0) {
                    reference = Optional.of(median);
                }
                OptionalDouble speedup = reference.isPresent() ? OptionalDouble.of(reference.get() / median)
                        : OptionalDouble.empty();
                cells.add(Optional.of(new Cell(ms.size(), median, ms.stream().mapToDouble(d -> d).min().orElseThrow(),
                        ms.stream().mapToDouble(d -> d).max().orElseThrow(),
                        rates.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(rates)), speedup)));
            }
            lines.add(new Line(what[0], what[1], what[2], what[3], cells));
        }
        return new BenchJoin(columns, lines);
    }

    /** The unit a row's rate is given in: GB/s for memory-bound ops, else GFLOP/s, else images/s. */
    private static String unit(BenchCsv.Row r) {
        if (!r.get("gbytes_per_s").isBlank()) {
            return "GB/s";
        }
        return r.get("gflops").isBlank() ? "img/s" : "GFLOP/s";
    }

    private static Optional<Double> rate(BenchCsv.Row r, String unit) {
        return r.number(switch (unit) {
            case "GB/s" -> "gbytes_per_s";
            case "GFLOP/s" -> "gflops";
            default -> "images_per_s";
        });
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /**
     * The joined table in Markdown: a legend of the devices, then a line per workload and pass with
     * each device's median ms (range over sessions), rate and speed relative to D1; the fastest time
     * of each line in bold.
     */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Devices (sessions: the files a device has rows in; est. peak: compute units x SIMD lanes x clock"
                + " x 2, n/a where it cannot be estimated):\n\n");
        sb.append("| | device | type | platform | driver | OpenCL | host | CPU | sessions | dates"
                + " | est. peak GFLOP/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Column c : columns) {
            String dates = c.dates().isEmpty() ? "?" : c.dates().size() == 1 ? c.dates().get(0)
                    : c.dates().get(0) + " .. " + c.dates().get(c.dates().size() - 1);
            sb.append(tableRow(c.label(), c.name(), orUnknown(c.type()), orUnknown(c.platform()),
                    orUnknown(c.driverVersion()), orUnknown(c.openClVersion()), orUnknown(c.host()),
                    orUnknown(c.cpu()), Integer.toString(c.files().size()), dates,
                    c.peakGflops().isPresent() ? rate(c.peakGflops().getAsDouble()) : "n/a"));
        }
        sb.append('\n');
        for (Column c : columns) {
            if (!c.peakBasis().isBlank()) {
                sb.append("- ").append(c.label()).append(" peak: ").append(c.peakGflops().isPresent()
                        ? rate(c.peakGflops().getAsDouble()) + " GFLOP/s = " : "n/a, ").append(c.peakBasis())
                        .append('\n');
            }
        }
        sb.append("\nMedian ms over sessions (fastest-slowest session when several); rate: median over sessions;"
                + " %peak: of the device's estimated peak, for GFLOP/s; x D1: D1's time over the device's"
                + " (above 1: faster than D1). Fastest in bold.\n\n");
        List<String> head = new ArrayList<>(List.of("op", "pass", "unit"));
        for (Column c : columns) {
            head.add(c.label() + " ms");
            head.add(c.label() + " rate");
            head.add(c.label() + " %peak");
            if (!c.label().equals("D1")) {
                head.add(c.label() + " x D1");
            }
        }
        sb.append(tableRow(head.toArray(new String[0])));
        sb.append("|---".repeat(head.size())).append("|\n");
        for (Line l : lines) {
            double fastest = l.cells().stream().flatMap(Optional::stream).mapToDouble(Cell::medianMs).min()
                    .orElse(Double.NaN);
            List<String> row = new ArrayList<>(List.of(l.workload(), l.pass(), l.unit()));
            for (int i = 0; i < columns.size(); i++) {
                Optional<Cell> cell = l.cells().get(i);
                if (cell.isEmpty()) {
                    row.add("-");
                    row.add("-");
                    row.add("-");
                } else {
                    Cell c = cell.get();
                    String ms = ms(c.medianMs());
                    if (c.medianMs() == fastest && columns.size() > 1) {
                        ms = "**" + ms + "**";
                    }
                    if (c.sessions() > 1) {
                        ms += " (" + ms(c.minMs()) + "-" + ms(c.maxMs()) + ")";
                    }
                    row.add(ms);
                    row.add(c.rate().isPresent() ? rate(c.rate().getAsDouble()) : "-");
                    row.add(peakCell(columns.get(i), l.unit(), c.rate()));
                }
                if (i > 0) {
                    OptionalDouble s = cell.map(Cell::speedup).orElse(OptionalDouble.empty());
                    row.add(s.isEmpty() ? "-"
                            : String.format(Locale.ROOT, s.getAsDouble() < 0.1 ? "%.3f" : "%.2f", s.getAsDouble()));
                }
            }
            sb.append(tableRow(row.toArray(new String[0])));
        }
        return sb.toString();
    }

    /** Writes the joined table as Markdown (atomically). */
    public void writeMarkdown(Path file) throws IOException {
        String text = "# Lamina benchmarks, joined\n\nFrom " + String.join(", ", columns.stream()
                .flatMap(c -> c.files().stream()).distinct().map(Path::toString).toList()) + ".\n\n" + markdown();
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the joined table in long form as CSV, a row per workload, pass and device (atomically). */
    public void writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("workload,family,pass,unit,device,device_name,device_type,platform,"
                + "driver_version,host,sessions,median_ms,min_ms,max_ms,rate,peak_pct,speedup_vs_d1\n");
        for (Line l : lines) {
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Optional<Cell> cell = l.cells().get(i);
                if (cell.isPresent()) {
                    Cell x = cell.get();
                    sb.append(BenchCsv.row(l.workload(), l.family(), l.pass(), l.unit(), c.label(), c.name(), c.type(),
                            c.platform(), c.driverVersion(), c.host(), Integer.toString(x.sessions()),
                            Measurement.fmt(x.medianMs()), Measurement.fmt(x.minMs()), Measurement.fmt(x.maxMs()),
                            Measurement.fmt(x.rate()),
                            Measurement.fmt(l.unit().equals("GFLOP/s") && x.rate().isPresent()
                                    ? c.peakPercent(x.rate().getAsDouble()) : OptionalDouble.empty()),
                            Measurement.fmt(x.speedup()))).append('\n');
                }
            }
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a bar chart (PNG): a bar per device for each workload and pass, its median rate, log scale. */
    public void writeChart(Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Line l : lines) {
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Optional<Cell> cell = l.cells().get(i);
                if (cell.isPresent() && cell.get().rate().isPresent()) {
                    double v = cell.get().rate().getAsDouble();
                    String unit = l.unit();
                    if (unit.equals("img/s")) {
                        v /= 1000;
                        unit = "kimg/s";
                    }
                    data.addValue(v, c.label() + " " + BenchReport.cut(c.name(), 30)
                            + (c.host().isBlank() ? "" : " @" + BenchReport.cut(c.host(), 20)),
                            l.workload() + " " + l.pass() + " [" + unit + "]");
                }
            }
        }
        BenchReport.writeBarChart(file, "Lamina benchmarks, joined", data);
    }

    /** The % of peak of a GFLOP/s rate; {@code n/a} without an estimate, {@code -} for other units. */
    private static String peakCell(Column c, String unit, OptionalDouble rate) {
        if (!unit.equals("GFLOP/s") || rate.isEmpty()) {
            return "-";
        }
        OptionalDouble p = c.peakPercent(rate.getAsDouble());
        return p.isPresent() ? String.format(Locale.ROOT, p.getAsDouble() < 1 ? "%.2f" : "%.1f", p.getAsDouble())
                : "n/a";
    }

    private static String tableRow(String... cells) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "/")).append(" |");
        }
        return sb.append('\n').toString();
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "?" : s;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f" : v < 100 ? "%.2f" : "%.1f", v);
    }

    private static String rate(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
