package org.lamina.opencl.tuning;

import java.util.Locale;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.Vendor;

/**
 * What the tuning database needs to know of a device: what it is (vendor, type, name, architecture;
 * the key of the lookup) and the limits that clamp parameters (work-group size, compute units, local
 * memory). A value, so that lookups can be tested with devices that are not installed.
 *
 * @param vendor the vendor, as the driver reports it ({@code "NVIDIA Corporation"}) or as its family's key
 * @param type the device type
 * @param name the device name ({@code "NVIDIA GeForce RTX 3080"})
 * @param cacheKey {@link Device#cacheKey()}: device and driver; a tuned file names the one it was tuned on
 * @param maxWorkGroupSize the most work-items of a work-group
 * @param computeUnits compute units
 * @param localMemDedicated whether local memory is on chip (not emulated in global memory)
 * @param localMemBytes local memory per work-group
 * @param architecture the architecture where the driver tells it ({@code sm_90} for an NVIDIA compute
 *     capability of 9.0), else empty
 * @param floatVectorWidth {@code CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT} (16 on AVX-512 CPUs, 8 with
 *     AVX2), 0 where unknown: what the database's "the device's width" values resolve to
 */
public record DeviceDescription(String vendor, DeviceType type, String name, String cacheKey, long maxWorkGroupSize,
        int computeUnits, boolean localMemDedicated, long localMemBytes, String architecture, int floatVectorWidth) {

    public DeviceDescription {
        architecture = architecture == null ? "" : architecture;
    }

    /** A device of unknown vector width. */
    public DeviceDescription(String vendor, DeviceType type, String name, String cacheKey, long maxWorkGroupSize,
            int computeUnits, boolean localMemDedicated, long localMemBytes, String architecture) {
        this(vendor, type, name, cacheKey, maxWorkGroupSize, computeUnits, localMemDedicated, localMemBytes,
                architecture, 0);
    }

    /** A device of no known architecture. */
    public DeviceDescription(String vendor, DeviceType type, String name, String cacheKey, long maxWorkGroupSize,
            int computeUnits, boolean localMemDedicated, long localMemBytes) {
        this(vendor, type, name, cacheKey, maxWorkGroupSize, computeUnits, localMemDedicated, localMemBytes, "");
    }

    /** The device as it reports itself (through a device profile, when one applies). */
    public static DeviceDescription of(Device d) {
        Vendor family = d.vendorFamily();
        String architecture = family == Vendor.NVIDIA && d.computeCapability() > 0 ? "sm_" + d.computeCapability() : "";
        return new DeviceDescription(family != Vendor.OTHER ? family.key() : d.vendor(), d.type(), d.name(),
                d.cacheKey(), d.maxWorkGroupSize(), d.computeUnits(), d.localMemDedicated(), d.localMemBytes(),
                architecture, d.preferredFloatVectorWidth());
    }

    /** The same device with work-groups of at most {@code max} work-items. */
    public DeviceDescription withMaxWorkGroup(long max) {
        return new DeviceDescription(vendor, type, name, cacheKey, max, computeUnits, localMemDedicated, localMemBytes,
                architecture, floatVectorWidth);
    }

    /** The vendor as the database names it: {@link #vendorKey(String)}. */
    public String vendorKey() {
        return vendorKey(vendor);
    }

    /** The type as the database names it: {@code gpu}, {@code cpu}, {@code accelerator}, ... */
    public String typeKey() {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A vendor string reduced to the database's short name: the {@link Vendor} family's key
     * ({@code nvidia}, {@code amd}, {@code intel}, {@code apple}, {@code arm}, {@code qualcomm}), as
     * drivers spell vendors differently ("Advanced Micro Devices, Inc.", "AuthenticAMD"; "Intel(R)
     * Corporation", "GenuineIntel"); any other vendor lower-cased with runs of other characters
     * turned into {@code -} ({@code xilinx}, {@code university-of-bristol}).
     */
    public static String vendorKey(String vendor) {
        Vendor family = Vendor.of(vendor, "");
        if (family != Vendor.OTHER) {
            return family.key();
        }
        String v = vendor == null ? "" : vendor.toLowerCase(Locale.ROOT).strip();
        return v.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
