package org.lamina.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device and what it reports about itself. Instances come from {@link Devices}; they
 * hold no resources (a {@link ClContext} does).
 */
public final class Device {
    private final int index;
    private final cl_platform_id platform;
    private final cl_device_id id;
    private final String platformName;
    private final String name;
    private final String vendor;
    private final DeviceType type;
    private final int computeUnits;
    private final int clockMhz;
    private final long globalMemBytes;
    private final long localMemBytes;
    private final boolean localMemDedicated;
    private final long maxAllocBytes;
    private final long maxWorkGroupSize;
    private final long[] maxWorkItemSizes;
    private final String openClCVersion;
    private final String deviceVersion;
    private final String driverVersion;
    private final int preferredFloatVectorWidth;
    private final boolean compilerAvailable;
    private final boolean available;

    Device(int index, cl_platform_id platform, cl_device_id id) {
        this.index = index;
        this.platform = platform;
        this.id = id;
        this.platformName = platformString(platform, CL_PLATFORM_NAME);
        this.name = string(CL_DEVICE_NAME);
        this.vendor = string(CL_DEVICE_VENDOR);
        this.type = DeviceType.of(longValue(CL_DEVICE_TYPE));
        this.computeUnits = intValue(CL_DEVICE_MAX_COMPUTE_UNITS);
        this.clockMhz = intValue(CL_DEVICE_MAX_CLOCK_FREQUENCY);
        this.globalMemBytes = longValue(CL_DEVICE_GLOBAL_MEM_SIZE);
        this.localMemBytes = longValue(CL_DEVICE_LOCAL_MEM_SIZE);
        this.localMemDedicated = intValue(CL_DEVICE_LOCAL_MEM_TYPE) == CL_LOCAL;
        this.maxAllocBytes = longValue(CL_DEVICE_MAX_MEM_ALLOC_SIZE);
        this.maxWorkGroupSize = sizeValue(CL_DEVICE_MAX_WORK_GROUP_SIZE);
        this.maxWorkItemSizes = sizeValues(CL_DEVICE_MAX_WORK_ITEM_SIZES, intValue(CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS));
        this.openClCVersion = string(CL_DEVICE_OPENCL_C_VERSION);
        this.deviceVersion = string(CL_DEVICE_VERSION);
        this.driverVersion = string(CL_DRIVER_VERSION);
        this.preferredFloatVectorWidth = intValue(CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT);
        this.compilerAvailable = intValue(CL_DEVICE_COMPILER_AVAILABLE) != 0;
        this.available = intValue(CL_DEVICE_AVAILABLE) != 0;
    }

    /** Position in {@link Devices#all()}, the number {@code --device} takes. */
    public int index() {
        return index;
    }

    public String platformName() {
        return platformName;
    }

    public String name() {
        return name;
    }

    public String vendor() {
        return vendor;
    }

    public DeviceType type() {
        return type;
    }

    public int computeUnits() {
        return computeUnits;
    }

    /** Maximum clock frequency in MHz. */
    public int clockMhz() {
        return clockMhz;
    }

    public long globalMemBytes() {
        return globalMemBytes;
    }

    public long localMemBytes() {
        return localMemBytes;
    }

    /**
     * Whether local memory is dedicated on-chip memory; CPUs usually emulate it in global memory,
     * where tiling through it often costs more than it saves.
     */
    public boolean localMemDedicated() {
        return localMemDedicated;
    }

    public long maxAllocBytes() {
        return maxAllocBytes;
    }

    public long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    /** The largest work-group extent in each dimension ({@code CL_DEVICE_MAX_WORK_ITEM_SIZES}). */
    public long[] maxWorkItemSizes() {
        return maxWorkItemSizes.clone();
    }

    /** The OpenCL C version the device compiles, e.g. {@code OpenCL C 1.2 PoCL}. */
    public String openClCVersion() {
        return openClCVersion;
    }

    public String deviceVersion() {
        return deviceVersion;
    }

    public String driverVersion() {
        return driverVersion;
    }

    public int preferredFloatVectorWidth() {
        return preferredFloatVectorWidth;
    }

    /** False on devices that only take prebuilt binaries (FPGAs, typically). */
    public boolean compilerAvailable() {
        return compilerAvailable;
    }

    public boolean available() {
        return available;
    }

    /**
     * Identifies the device and its driver for the on-disk program cache: a binary built by one
     * driver version is not offered to another.
     */
    public String cacheKey() {
        return platformName + "|" + name + "|" + vendor + "|" + deviceVersion + "|" + driverVersion;
    }

    /** One line: index, type, name and vendor. */
    @Override
    public String toString() {
        return "#" + index + " " + type.name().toLowerCase(Locale.ROOT) + " " + name + " (" + vendor.strip() + ", "
                + platformName + ")";
    }

    cl_device_id id() {
        return id;
    }

    cl_platform_id platform() {
        return platform;
    }

    private String string(int param) {
        long[] size = new long[1];
        ClException.check(clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo");
        return cString(bytes);
    }

    private int intValue(int param) {
        int[] value = new int[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.cl_uint, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
    }

    private long longValue(int param) {
        long[] value = new long[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
    }

    private long sizeValue(int param) {
        long[] value = new long[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.size_t, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
    }

    private long[] sizeValues(int param, int count) {
        long[] values = new long[Math.max(count, 0)];
        if (values.length > 0) {
            ClException.check(clGetDeviceInfo(id, param, (long) Sizeof.size_t * values.length, Pointer.to(values), null),
                    "clGetDeviceInfo");
        }
        return values;
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        ClException.check(clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo");
        return cString(bytes);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
    }
}
