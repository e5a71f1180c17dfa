package org.lamina.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramCache;

/**
 * A backend opened for benchmarking: the Java backend, or an OpenCL device with a context of its own
 * (optionally over another kernel cache folder), with what a report needs to say about it.
 */
public final class BenchDevice implements AutoCloseable {
    private final DeviceInfo info;
    private final Backend backend;
    private final ClContext context;
    private final ProgramCache cache;

    private BenchDevice(DeviceInfo info, Backend backend, ClContext context, ProgramCache cache) {
        this.info = info;
        this.backend = backend;
        this.context = context;
        this.cache = cache;
    }

    /**
     * Every OpenCL device by index but simulators (Oclgrind would take hours; name it to time it), then
     * {@code java}: the devices a benchmark runs on by default.
     */
    public static List<String> all() {
        List<String> specs = new ArrayList<>();
        for (Device d : Devices.all()) {
            if (d.debugTool().isEmpty()) {
                specs.add(Integer.toString(d.index()));
            }
        }
        specs.add(Backends.JAVA);
        return specs;
    }

    /**
     * Opens {@code java} or the OpenCL device {@code spec} (index, type or name).
     *
     * @param kernelCache a kernel binary cache folder instead of the environment's, if present
     * @throws IllegalArgumentException when no device matches
     */
    public static BenchDevice open(String spec, Optional<Path> kernelCache) {
        if (spec.strip().equalsIgnoreCase(Backends.JAVA)) {
            Backend b = new JavaBackend();
            return new BenchDevice(DeviceInfo.java(b.device()), b, null, null);
        }
        Device device = Devices.select(spec.strip());
        ClContext.Options options = ClContext.Options.defaults();
        if (kernelCache.isPresent()) {
            options = options.cache(ProgramCache.at(kernelCache.get()));
        }
        ClContext context = ClContext.create(device, options);
        return new BenchDevice(DeviceInfo.of(device), new OpenClBackend(context), context, options.cache());
    }

    /** What a report says about the device: index, name, platform, vendor, driver, peak estimate. */
    public DeviceInfo info() {
        return info;
    }

    /** {@code java}, or the OpenCL device's index. */
    public String id() {
        return info.id();
    }

    /** The device in words. */
    public String name() {
        return info.name();
    }

    /** The estimated peak in GFLOP/s ({@link PeakEstimate}); empty for the Java backend. */
    public OptionalDouble peakGflops() {
        return info.peakGflops();
    }

    public Backend backend() {
        return backend;
    }

    /**
     * For an OpenCL device, how its kernel programs were obtained so far: compiled from source, loaded
     * from the disk cache, or prebuilt.
     */
    public Optional<String> kernelReport() {
        if (context == null) {
            return Optional.empty();
        }
        Map<Program.Origin, Integer> origins = new EnumMap<>(Program.Origin.class);
        for (Program p : context.programs()) {
            origins.merge(p.origin(), 1, Integer::sum);
        }
        return Optional.of("Kernels on device " + info.id() + ": " + origins.getOrDefault(Program.Origin.SOURCE, 0)
                + " programs compiled from source, " + origins.getOrDefault(Program.Origin.DISK_CACHE, 0)
                + " loaded from the disk cache (" + cache.directory().map(Path::toString).orElse("disabled") + "), "
                + origins.getOrDefault(Program.Origin.PREBUILT, 0) + " prebuilt.");
    }

    @Override
    public void close() {
        backend.close();
        if (context != null) {
            context.close();
        }
    }
}
