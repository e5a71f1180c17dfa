package org.lamina.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One row of a benchmark run: a workload's pass timed on a device, with its rates.
 *
 * @param workload what ran
 * @param pass forward, or forward and backward
 * @param deviceInfo the device: its index or {@code java}, name, platform, driver, peak estimate
 * @param host the machine, software and date of the run
 * @param timing the median and fastest call
 */
public record Measurement(Workload workload, Workload.Pass pass, DeviceInfo deviceInfo, HostInfo host,
        Timing.Result timing) {

    /**
     * The CSV header, matching {@link #csv()}: the rates first (the columns of the first version,
     * which readers such as {@code compare_pytorch.py} use), then where they were measured.
     */
    public static final String CSV_HEADER =
            "workload,family,shape,pass,device,device_name,median_ms,min_ms,runs,gflops,gbytes_per_s,"
                    + "peak_pct,images_per_s,platform,vendor,device_type,driver_version,opencl_version,"
                    + "opencl_c_version,peak_gflops,peak_basis,host,os,cpu,java,lamina,date";

    /** The device as {@code --device} takes it ({@code java}, or an OpenCL index). */
    public String device() {
        return deviceInfo.id();
    }

    /** The device in words. */
    public String deviceName() {
        return deviceInfo.name();
    }

    /** The device's estimated peak, empty when it cannot be estimated ({@link PeakEstimate}). */
    public OptionalDouble peakGflops() {
        return deviceInfo.peakGflops();
    }

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

    /** Whether a % of peak applies: to ops limited by arithmetic, whose FLOPs are counted. */
    public boolean peakApplies() {
        return !workload.memoryBound() && gflops().isPresent();
    }

    /**
     * GFLOP/s as a percentage of the estimated peak, for ops limited by arithmetic; empty where it does
     * not apply or the peak cannot be estimated.
     */
    public OptionalDouble peakPercent() {
        if (!peakApplies() || peakGflops().isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100 * gflops().getAsDouble() / peakGflops().getAsDouble());
    }

    /** Examples per second. */
    public double imagesPerSecond() {
        return perSecond(workload.images());
    }

    /** The row in CSV, empty cells for rates that do not apply and for a peak that cannot be estimated. */
    public String csv() {
        DeviceInfo d = deviceInfo;
        return BenchCsv.row(workload.name(), workload.family(), workload.shape(), pass.label(), d.id(), d.name(),
                fmt(timing.medianMs()), fmt(timing.minMs()), Integer.toString(timing.runs()), fmt(gflops()),
                fmt(gbytesPerSecond()), fmt(peakPercent()), fmt(imagesPerSecond()), d.platform(), d.vendor(),
                d.type(), d.driverVersion(), d.openClVersion(), d.openClCVersion(), fmt(d.peakGflops()), d.peakBasis(),
                host.host(),
                host.os(), host.cpu(), host.java(), host.lamina(), host.date());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmt(OptionalDouble v) {
        return v.isPresent() ? fmt(v.getAsDouble()) : "";
    }
}
