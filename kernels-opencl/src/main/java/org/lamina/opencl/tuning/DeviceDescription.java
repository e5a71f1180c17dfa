package org.lamina.opencl.tuning;

import java.util.Locale;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceType;

/**
 * What the tuning database needs to know of a device: what it is (vendor, type, name; the key of
 * the lookup) and the limits that clamp parameters (work-group size, compute units, local memory).
 * A value, so that lookups can be tested with devices that are not installed.
 *
 * @param vendor the vendor as the driver reports it ({@code "NVIDIA Corporation"})
 * @param type the device type
 * @param name the device name ({@code "NVIDIA GeForce RTX 3080"}), which carries its architecture
 * @param cacheKey {@link Device#cacheKey()}: device and driver; a tuned file names the one it was tuned on
 * @param maxWorkGroupSize the most work-items of a work-group
 * @param computeUnits compute units
 * @param localMemDedicated whether local memory is on chip (not emulated in global memory)
 * @param localMemBytes local memory per work-group
 */
public record DeviceDescription(String vendor, DeviceType type, String name, String cacheKey, long maxWorkGroupSize,
        int computeUnits, boolean localMemDedicated, long localMemBytes) {

    public static DeviceDescription of(Device d) {
        return new DeviceDescription(d.vendor(), d.type(), d.name(), d.cacheKey(), d.maxWorkGroupSize(),
                d.computeUnits(), d.localMemDedicated(), d.localMemBytes());
    }

    /** The same device with work-groups of at most {@code max} work-items. */
    public DeviceDescription withMaxWorkGroup(long max) {
        return new DeviceDescription(vendor, type, name, cacheKey, max, computeUnits, localMemDedicated, localMemBytes);
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
     * A vendor string reduced to the database's short name: {@code nvidia}, {@code amd}, {@code intel},
     * {@code arm}, {@code qualcomm}, {@code apple}, {@code xilinx}, {@code altera}; anything else
     * lower-cased with runs of other characters turned into {@code -}. Drivers spell vendors
     * differently ("Advanced Micro Devices, Inc.", "AuthenticAMD"; "Intel(R) Corporation",
     * "GenuineIntel"), entries name them once.
     */
    public static String vendorKey(String vendor) {
        String v = vendor == null ? "" : vendor.toLowerCase(Locale.ROOT).strip();
        if (v.contains("nvidia")) {
            return "nvidia";
        }
        if (v.contains("advanced micro devices") || v.matches(".*\\bamd\\b.*") || v.contains("authenticamd")) {
            return "amd";
        }
        if (v.contains("intel")) {
            return "intel";
        }
        if (v.matches(".*\\barm\\b.*")) {
            return "arm";
        }
        for (String known : new String[] {"qualcomm", "apple", "xilinx", "altera"}) {
            if (v.contains(known)) {
                return known;
            }
        }
        return v.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
