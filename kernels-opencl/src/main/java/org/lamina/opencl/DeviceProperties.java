package org.lamina.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * What a device reports about itself, read once at discovery: the values device choice, tuning and
 * launch checks depend on. A {@link DeviceProfile} may stand in for some of them.
 *
 * @param computeCapability NVIDIA's compute capability times ten ({@code 90} for Hopper), 0 when the
 *     device does not report one ({@code cl_nv_device_attribute_query})
 */
public record DeviceProperties(String platformName, String name, String vendor, DeviceType type, int computeUnits,
        int clockMhz, long globalMemBytes, long localMemBytes, boolean localMemDedicated, long maxAllocBytes,
        long maxWorkGroupSize, List<Long> maxWorkItemSizes, String openClCVersion, String deviceVersion,
        String driverVersion, int preferredFloatVectorWidth, boolean compilerAvailable, boolean available,
        int computeCapability) {

    // From cl_ext.h; JOCL does not name them.
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV = 0x4000;
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV = 0x4001;

    public DeviceProperties {
        maxWorkItemSizes = List.copyOf(maxWorkItemSizes);
    }

    /** Reads the properties of {@code id} on {@code platform}. */
    static DeviceProperties query(cl_platform_id platform, cl_device_id id) {
        String extensions = string(id, CL_DEVICE_EXTENSIONS);
        int cc = 0;
        if (extensions.contains("cl_nv_device_attribute_query")) {
            cc = intValue(id, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV) * 10
                    + intValue(id, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV);
        }
        int dims = intValue(id, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
        long[] items = new long[Math.max(dims, 1)];
        ClException.check(clGetDeviceInfo(id, CL_DEVICE_MAX_WORK_ITEM_SIZES, (long) Sizeof.size_t * items.length,
                Pointer.to(items), null), "clGetDeviceInfo(CL_DEVICE_MAX_WORK_ITEM_SIZES)");
        List<Long> itemSizes = new ArrayList<>();
        for (int i = 0; i < dims; i++) {
            itemSizes.add(items[i]);
        }
        return new DeviceProperties(platformString(platform, CL_PLATFORM_NAME), string(id, CL_DEVICE_NAME),
                string(id, CL_DEVICE_VENDOR), DeviceType.of(longValue(id, CL_DEVICE_TYPE)),
                intValue(id, CL_DEVICE_MAX_COMPUTE_UNITS), intValue(id, CL_DEVICE_MAX_CLOCK_FREQUENCY),
                longValue(id, CL_DEVICE_GLOBAL_MEM_SIZE), longValue(id, CL_DEVICE_LOCAL_MEM_SIZE),
                intValue(id, CL_DEVICE_LOCAL_MEM_TYPE) == CL_LOCAL, longValue(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                sizeValue(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), itemSizes, string(id, CL_DEVICE_OPENCL_C_VERSION),
                string(id, CL_DEVICE_VERSION), string(id, CL_DRIVER_VERSION),
                intValue(id, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT), intValue(id, CL_DEVICE_COMPILER_AVAILABLE) != 0,
                intValue(id, CL_DEVICE_AVAILABLE) != 0, cc);
    }

    private static String string(cl_device_id id, int param) {
        long[] size = new long[1];
        ClException.check(clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo");
        return cString(bytes);
    }

    private static int intValue(cl_device_id id, int param) {
        int[] value = new int[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.cl_uint, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
    }

    private static long longValue(cl_device_id id, int param) {
        long[] value = new long[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
    }

    private static long sizeValue(cl_device_id id, int param) {
        long[] value = new long[1];
        ClException.check(clGetDeviceInfo(id, param, Sizeof.size_t, Pointer.to(value), null), "clGetDeviceInfo");
        return value[0];
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
