package org.lamina.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lamina.backend.Backend;
import org.lamina.backend.BackendProvider;
import org.lamina.backend.Backends;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramCache;

/**
 * A backend opened for benchmarking: the Java backend, or an OpenCL device with a context of its own
 * (optionally over another kernel cache folder), with what a report needs to say about it. What it
 * knows of the device it asks the backend's {@link Backend#deviceAccess() device access}.
 */
public final class BenchDevice implements AutoCloseable {
    private final DeviceInfo info;
    private final Backend backend;
    private final ProgramCache cache;

    private BenchDevice(DeviceInfo info, Backend backend, ProgramCache cache) {
        this.info = info;
        this.backend = backend;
        this.cache = cache;
    }

    /**
     * Every OpenCL device by index but simulators (Oclgrind would take hours; name it to time it), then
     * {@code java-float} and {@code java}: the devices a benchmark runs on by default.
     */
    public static List<String> all() {
        List<String> specs = new ArrayList<>();
        for (Device d : Devices.all()) {
            if (d.debugTool().isEmpty()) {
                specs.add(Integer.toString(d.index()));
            }
        }
        specs.add("java-float");
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
        Backend b = Backends.openExactly(spec, new BackendProvider.Settings(kernelCache));
        ProgramCache cache = kernelCache.map(ProgramCache::at).orElseGet(ProgramCache::fromEnvironment);
        DeviceInfo info = b.deviceAccess() instanceof OpenClAccess cl ? DeviceInfo.of(cl.context().device())
                : DeviceInfo.java(b.name(), b.device());
        return new BenchDevice(info, b, cache);
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
        if (!(backend.deviceAccess() instanceof OpenClAccess cl)) {
            return Optional.empty();
        }
        Map<Program.Origin, Integer> origins = new EnumMap<>(Program.Origin.class);
        for (Program p : cl.context().programs()) {
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
    }
}
