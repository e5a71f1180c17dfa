package org.lamina.bench;

import java.util.Locale;
import java.util.OptionalDouble;
import org.lamina.opencl.Device;

/**
 * What a benchmark report says about the device a row ran on, so that reports from several
 * machines and vendors can be told apart and joined ({@link BenchJoin}).
 *
 * @param id the device as {@code --device} takes it ({@code java}, or an OpenCL index)
 * @param name the device in words
 * @param platform the OpenCL platform, or {@code Java} for the Java backend
 * @param vendor the device's vendor
 * @param type {@code gpu}, {@code cpu}, {@code accelerator}, ... or {@code java}
 * @param driverVersion the driver's version string
 * @param openClVersion the device's OpenCL version string ({@code OpenCL 3.0 CUDA})
 * @param openClCVersion the OpenCL C version the device compiles
 * @param peakGflops the estimated peak ({@link PeakEstimate}), empty when it cannot be estimated
 * @param peakBasis the estimate's arithmetic, or why there is none
 */
public record DeviceInfo(String id, String name, String platform, String vendor, String type,
        String driverVersion, String openClVersion, String openClCVersion, OptionalDouble peakGflops,
        String peakBasis) {

    /** An OpenCL device, with its peak as {@link PeakEstimate} gives it. */
    public static DeviceInfo of(Device d) {
        return new DeviceInfo(Integer.toString(d.index()), d.name(), d.platformName(), d.vendor(),
                d.type().name().toLowerCase(Locale.ROOT), d.driverVersion(), d.deviceVersion(),
                d.openClCVersion(), PeakEstimate.gflops(d), d.peak().how());
    }

    /**
     * A Java backend, {@code id} ({@code java}, {@code java-float}) described by {@code name}: no OpenCL
     * platform and no peak estimate.
     */
    public static DeviceInfo java(String id, String name) {
        return new DeviceInfo(id, name, "Java", System.getProperty("java.vendor", ""), "java",
                System.getProperty("java.runtime.version", ""), "", "", OptionalDouble.empty(),
                "the Java backend: no estimate");
    }
}
