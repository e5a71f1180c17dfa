package org.lamina.opencl;

import java.util.Arrays;

/**
 * What one launch or allocation may ask of a device: the largest work-group, the largest work-group
 * extent per dimension, the local memory of one work-group, and the largest single buffer. Checked by
 * {@link Kernel} and {@link ClContext#allocate} before the driver sees a request, so that a kernel too
 * big for a device fails with the kernel's name, the limit and the value instead of a bare
 * {@code CL_INVALID_WORK_GROUP_SIZE} or {@code CL_OUT_OF_RESOURCES} (or, on some drivers, nothing).
 *
 * @param maxWorkGroupSize {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param maxWorkItemSizes {@code CL_DEVICE_MAX_WORK_ITEM_SIZES}, one entry per dimension
 * @param localMemBytes {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param maxAllocBytes {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
 */
public record DeviceLimits(long maxWorkGroupSize, long[] maxWorkItemSizes, long localMemBytes, long maxAllocBytes) {
    public DeviceLimits {
        maxWorkItemSizes = maxWorkItemSizes.clone();
    }

    /** The limits {@code device} reports. */
    public static DeviceLimits of(Device device) {
        return new DeviceLimits(device.maxWorkGroupSize(), device.maxWorkItemSizes(), device.localMemBytes(),
                device.maxAllocBytes());
    }

    /** The lower of each limit of this and {@code other}. */
    public DeviceLimits min(DeviceLimits other) {
        int dims = Math.min(maxWorkItemSizes.length, other.maxWorkItemSizes.length);
        long[] sizes = new long[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = Math.min(maxWorkItemSizes[d], other.maxWorkItemSizes[d]);
        }
        return new DeviceLimits(Math.min(maxWorkGroupSize, other.maxWorkGroupSize), sizes,
                Math.min(localMemBytes, other.localMemBytes), Math.min(maxAllocBytes, other.maxAllocBytes));
    }

    @Override
    public long[] maxWorkItemSizes() {
        return maxWorkItemSizes.clone();
    }

    long maxWorkItemSize(int dimension) {
        return maxWorkItemSizes[dimension];
    }

    int dimensions() {
        return maxWorkItemSizes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceLimits l && l.maxWorkGroupSize == maxWorkGroupSize
                && Arrays.equals(l.maxWorkItemSizes, maxWorkItemSizes) && l.localMemBytes == localMemBytes
                && l.maxAllocBytes == maxAllocBytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maxWorkGroupSize) * 31 + Arrays.hashCode(maxWorkItemSizes) * 17
                + Long.hashCode(localMemBytes) * 7 + Long.hashCode(maxAllocBytes);
    }

    @Override
    public String toString() {
        return "work-group " + maxWorkGroupSize + ", work-item sizes " + Arrays.toString(maxWorkItemSizes)
                + ", local memory " + localMemBytes + " bytes, largest allocation " + maxAllocBytes + " bytes";
    }
}
