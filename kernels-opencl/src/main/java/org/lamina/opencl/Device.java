package org.lamina.opencl;

import java.util.Locale;
import java.util.Optional;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device and what it reports about itself ({@link DeviceProperties}), possibly as a
 * {@link DeviceProfile} makes it appear. Instances come from {@link Devices}; they hold no resources
 * (a {@link ClContext} does).
 */
public final class Device {
    private final int index;
    private final cl_platform_id platform;
    private final cl_device_id id;
    private final DeviceProperties properties;
    private final String profile;

    Device(int index, cl_platform_id platform, cl_device_id id, DeviceProperties properties, String profile) {
        this.index = index;
        this.platform = platform;
        this.id = id;
        this.properties = properties;
        this.profile = profile;
    }

    /**
     * A device known only by its description, with no OpenCL device behind it: for the logic that
     * chooses devices, kernels and tuning, and its tests. It cannot open a context.
     */
    public static Device described(int index, DeviceProperties properties) {
        return new Device(index, null, null, properties, null);
    }

    /** Position in {@link Devices#all()}, the number {@code --device} takes. */
    public int index() {
        return index;
    }

    /** Everything the device reported (through its profile, if one applies). */
    public DeviceProperties properties() {
        return properties;
    }

    /** The name of the {@link DeviceProfile} this device runs under, if any. */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    public String platformName() {
        return properties.platformName();
    }

    public String name() {
        return properties.name();
    }

    public String vendor() {
        return properties.vendor();
    }

    /** The vendor family, from the vendor and platform strings. */
    public Vendor vendorFamily() {
        return Vendor.of(properties.vendor(), properties.platformName());
    }

    public DeviceType type() {
        return properties.type();
    }

    public int computeUnits() {
        return properties.computeUnits();
    }

    /** Maximum clock frequency in MHz. */
    public int clockMhz() {
        return properties.clockMhz();
    }

    public long globalMemBytes() {
        return properties.globalMemBytes();
    }

    public long localMemBytes() {
        return properties.localMemBytes();
    }

    /**
     * Whether local memory is dedicated on-chip memory; CPUs usually emulate it in global memory,
     * where tiling through it often costs more than it saves.
     */
    public boolean localMemDedicated() {
        return properties.localMemDedicated();
    }

    public long maxAllocBytes() {
        return properties.maxAllocBytes();
    }

    public long maxWorkGroupSize() {
        return properties.maxWorkGroupSize();
    }

    /** The largest work-group extent in each dimension ({@code CL_DEVICE_MAX_WORK_ITEM_SIZES}). */
    public long[] maxWorkItemSizes() {
        return properties.maxWorkItemSizes().stream().mapToLong(Long::longValue).toArray();
    }

    /** NVIDIA's compute capability times ten ({@code 90}: 9.0), 0 when the device reports none. */
    public int computeCapability() {
        return properties.computeCapability();
    }

    /** The OpenCL C version the device compiles, e.g. {@code OpenCL C 1.2 PoCL}. */
    public String openClCVersion() {
        return properties.openClCVersion();
    }

    public String deviceVersion() {
        return properties.deviceVersion();
    }

    public String driverVersion() {
        return properties.driverVersion();
    }

    public int preferredFloatVectorWidth() {
        return properties.preferredFloatVectorWidth();
    }

    /** False on devices that only take prebuilt binaries (FPGAs, typically). */
    public boolean compilerAvailable() {
        return properties.compilerAvailable();
    }

    public boolean available() {
        return properties.available();
    }

    /**
     * Why this device is a simulator, emulator or debugging tool (Oclgrind, an FPGA emulator), if it
     * is one: such a device is never chosen unless it is named.
     */
    public Optional<String> debugTool() {
        return DebugTools.reason(properties);
    }

    /** The estimated peak float32 rate, or why it cannot be estimated. */
    public PeakEstimate peak() {
        return PeakEstimate.of(this);
    }

    /**
     * Identifies the device and its driver for the on-disk program cache: a binary built by one
     * driver version is not offered to another.
     */
    public String cacheKey() {
        return platformName() + "|" + name() + "|" + vendor() + "|" + deviceVersion() + "|" + driverVersion();
    }

    /** One line: index, type, name and vendor. */
    @Override
    public String toString() {
        return "#" + index + " " + type().name().toLowerCase(Locale.ROOT) + " " + name() + " (" + vendor().strip()
                + ", " + platformName() + ")";
    }

    cl_device_id id() {
        if (id == null) {
            throw new IllegalStateException(this + " is a description, not an OpenCL device");
        }
        return id;
    }

    cl_platform_id platform() {
        if (platform == null) {
            throw new IllegalStateException(this + " is a description, not an OpenCL device");
        }
        return platform;
    }

    static String platformString(cl_platform_id platform, int param) {
        return DeviceProperties.platformString(platform, param);
    }
}
