package org.lamina.bench;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.lamina.io.AtomicFiles;

/** The table, CSV and PNG chart of a benchmark run. */
public final class BenchReport {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchReport() {
    }

    /** The text table: op, shape, device, pass, ms, GFLOP/s, GB/s, % of estimated peak, img/s. */
    public static String table(List<Measurement> rows) {
        StringBuilder sb = new StringBuilder();
        String f = "%-26s %-34s %-8s %-7s %10s %9s %8s %7s %10s%n";
        sb.append(String.format(Locale.ROOT, f, "op", "shape", "device", "pass", "ms", "GFLOP/s", "GB/s",
                "%peak*", "img/s"));
        for (Measurement m : rows) {
            sb.append(String.format(Locale.ROOT, f, m.workload().name(), cut(m.workload().shape(), 34), m.device(),
                    m.pass().label(), String.format(Locale.ROOT, "%.3f", m.timing().medianMs()), num(m.gflops()),
                    num(m.gbytesPerSecond()), peak(m),
                    String.format(Locale.ROOT, "%.0f", m.imagesPerSecond())));
        }
        sb.append("* % of the device's estimated peak (an estimate, not a measured limit; n/a where it cannot be"
                + " estimated). GB/s for memory-bound ops.\n");
        Map<String, DeviceInfo> devices = new LinkedHashMap<>();
        rows.forEach(m -> devices.putIfAbsent(m.device(), m.deviceInfo()));
        for (DeviceInfo d : devices.values()) {
            sb.append("  peak of ").append(d.id()).append(": ").append(d.peakGflops().isPresent()
                    ? String.format(Locale.ROOT, "%.0f GFLOP/s = ", d.peakGflops().getAsDouble()) : "n/a, ")
                    .append(d.peakBasis()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the rows as CSV (atomically). */
    public static void writeCsv(Path file, List<Measurement> rows) throws IOException {
        StringBuilder sb = new StringBuilder(Measurement.CSV_HEADER).append('\n');
        rows.forEach(m -> sb.append(m.csv()).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a horizontal bar chart (PNG): a bar per workload and pass for each device, its rate in
     * the workload's unit (GFLOP/s, GB/s for memory-bound ops, thousands of images/s for training
     * steps) on a log axis, so devices compare at a glance.
     */
    public static void writeChart(Path file, List<Measurement> rows) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Measurement m : rows) {
            double value;
            String unit;
            if (m.workload().memoryBound() && m.gbytesPerSecond().isPresent()) {
                value = m.gbytesPerSecond().getAsDouble();
                unit = "GB/s";
            } else if (m.gflops().isPresent()) {
                value = m.gflops().getAsDouble();
                unit = "GFLOP/s";
            } else {
                value = m.imagesPerSecond() / 1000;
                unit = "kimg/s";
            }
            data.addValue(value, m.device() + " " + cut(m.deviceName(), 30),
                    m.workload().name() + " " + m.pass().label() + " [" + unit + "]");
        }
        writeBarChart(file, "Lamina benchmarks", data);
    }

    /** A horizontal bar chart of {@code data} on a log axis, as PNG (atomically). */
    static void writeBarChart(Path file, String title, DefaultCategoryDataset data) throws IOException {
        JFreeChart chart = ChartFactory.createBarChart(title, null, "rate (log scale)", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("rate (log scale)");
        axis.setSmallestValue(1e-3);
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        int bars = Math.max(1, data.getColumnCount() * Math.max(1, data.getRowCount()));
        BufferedImage image = chart.createBufferedImage(1000, Math.min(8000, 160 + 14 * bars));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, v.getAsDouble() >= 100 ? "%.0f" : "%.2f", v.getAsDouble())
                : "-";
    }

    /** The % of peak; {@code n/a} where it applies but the peak cannot be estimated. */
    private static String peak(Measurement m) {
        return m.peakApplies() && m.peakGflops().isEmpty() ? "n/a" : num(m.peakPercent());
    }

    static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
