package org.lamina.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One row of a benchmark run: a workload's pass timed on a device, with its rates.
 *
 * @param workload what ran
 * @param pass forward, or forward and backward
 * @param device the device as {@code --device} takes it ({@code java}, or an OpenCL index)
 * @param deviceName the device in words
 * @param timing the median and fastest call
 * @param peakGflops the device's estimated peak, when known ({@link PeakEstimate})
 */
public record Measurement(Workload workload, Workload.Pass pass, String device, String deviceName,
        Timing.Result timing, OptionalDouble peakGflops) {

    /** The CSV header, matching {@link #csv()}. */
    public static final String CSV_HEADER =
            "workload,family,shape,pass,device,device_name,median_ms,min_ms,runs,gflops,gbytes_per_s,"
                    + "peak_pct,images_per_s";

    private double perSecond(double amount) {
        return amount / (timing.medianMs() / 1e3);
    }

    /** GFLOP/s at the median time; empty where the workload counts no FLOPs. */
    public OptionalDouble gflops() {
        double f = pass == Workload.Pass.FORWARD ? workload.forwardFlops() : workload.trainFlops();
        return f > 0 ? OptionalDouble.of(perSecond(f) / 1e9) : OptionalDouble.empty();
    }

    /** GB/s at the median time, for memory-bound ops. */
    public OptionalDouble gbytesPerSecond() {
        double b = pass == Workload.Pass.FORWARD ? workload.forwardBytes() : workload.trainBytes();
        return workload.memoryBound() && b > 0 ? OptionalDouble.of(perSecond(b) / 1e9) : OptionalDouble.empty();
    }

    /** GFLOP/s as a percentage of the estimated peak, for ops limited by arithmetic. */
    public OptionalDouble peakPercent() {
        OptionalDouble g = gflops();
        if (workload.memoryBound() || g.isEmpty() || peakGflops.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100 * g.getAsDouble() / peakGflops.getAsDouble());
    }

    /** Examples per second. */
    public double imagesPerSecond() {
        return perSecond(workload.images());
    }

    /** The row in CSV, empty cells for rates that do not apply. */
    public String csv() {
        return String.join(",", workload.name(), workload.family(), quote(workload.shape()), pass.label(), device,
                quote(deviceName), fmt(timing.medianMs()), fmt(timing.minMs()), Integer.toString(timing.runs()),
                fmt(gflops()), fmt(gbytesPerSecond()), fmt(peakPercent()), fmt(imagesPerSecond()));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmt(OptionalDouble v) {
        return v.isPresent() ? fmt(v.getAsDouble()) : "";
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
