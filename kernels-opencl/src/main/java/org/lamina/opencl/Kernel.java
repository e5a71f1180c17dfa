package org.lamina.opencl;

import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel of a {@link Program}. {@link #launch} sets the arguments and enqueues it in one step,
 * under a lock, because OpenCL kernel arguments are shared state.
 */
public final class Kernel {
    private final ClContext owner;
    private final String name;
    private final cl_kernel kernel;
    private volatile boolean released;
    private volatile long maxWorkGroupSize = -1;
    /** {@code CL_KERNEL_LOCAL_MEM_SIZE} before any {@code __local} argument is set: the kernel's own. */
    private long staticLocalMemBytes = -1;

    Kernel(ClContext owner, String name, cl_kernel kernel) {
        this.owner = owner;
        this.name = name;
        this.kernel = kernel;
    }

    public String name() {
        return name;
    }

    /**
     * Enqueues the kernel over {@code global} work-items in work-groups of {@code local} (or the
     * driver's choice when {@code local} is null). Each global size is rounded up to a multiple of
     * the local size, so kernels guard their upper bounds. Arguments are {@link Buffer}s (or
     * {@code null} for an absent optional buffer), {@link Integer}s, {@link Long}s and {@link Float}s,
     * in the kernel's order.
     */
    public void launch(long[] global, long[] local, Object... args) {
        enqueue(global, local, args);
    }

    /**
     * Enqueues the kernel over {@code items} work-items in a 1-D range, in work-groups of
     * {@code workGroup} (lowered to what the kernel allows on this device). The range is rounded up
     * to whole work-groups, so the kernel must ignore indices from {@code items} on. A fixed
     * work-group size matters: drivers such as pocl compile a kernel anew for every work-group size.
     */
    public void launch1D(long items, int workGroup, Object... args) {
        long local = Math.max(1, Math.min(Math.min(workGroup, maxWorkGroupSize()), owner.limits().maxWorkItemSize(0)));
        enqueue(new long[] {items}, new long[] {local}, args);
    }

    /** The largest work-group this kernel can run with on its device ({@code CL_KERNEL_WORK_GROUP_SIZE}). */
    public long maxWorkGroupSize() {
        long m = maxWorkGroupSize;
        if (m < 0) {
            owner.ensureOpen();
            long[] v = new long[1];
            ClException.check(clGetKernelWorkGroupInfo(kernel, owner.device().id(), CL_KERNEL_WORK_GROUP_SIZE,
                    Sizeof.size_t, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ")");
            m = v[0];
            maxWorkGroupSize = m;
        }
        return m;
    }

    private synchronized void enqueue(long[] global, long[] local, Object... args) {
        owner.ensureOpen();
        if (released) {
            throw new IllegalStateException("kernel " + name + " was released");
        }
        long[] g = global.clone();
        if (local != null) {
            if (local.length != g.length) {
                throw new IllegalArgumentException("kernel " + name + ": local size " + Arrays.toString(local)
                        + " has not the dimensions of global size " + Arrays.toString(global));
            }
            checkWorkGroup(local);
            for (int d = 0; d < g.length; d++) {
                g[d] = (g[d] + local[d] - 1) / local[d] * local[d];
            }
        }
        checkLocalMemory(args);
        for (int i = 0; i < args.length; i++) {
            setArg(i, args[i]);
        }
        for (long v : g) {
            if (v <= 0) {
                return; // nothing to do; OpenCL rejects empty ranges
            }
        }
        int rc = clEnqueueNDRangeKernel(owner.queue(), kernel, g.length, null, g, local, 0, null, null);
        if (rc != CL_SUCCESS) {
            throw new ClException("clEnqueueNDRangeKernel(" + name + ", global " + Arrays.toString(g) + ", local "
                    + (local == null ? "auto" : Arrays.toString(local)) + ")", rc);
        }
        if (owner.finishEachLaunch()) {
            ClException.check(clFinish(owner.queue()), "clFinish after " + name);
        }
    }

    /** Work-group size and extents within the device's limits and the kernel's, or a message saying which is not. */
    private void checkWorkGroup(long[] local) {
        DeviceLimits limits = owner.limits();
        if (local.length > limits.dimensions()) {
            throw new IllegalArgumentException("kernel " + name + ": a " + local.length + "-dimensional work-group "
                    + "exceeds the " + limits.dimensions() + " dimensions " + owner.device().name()
                    + " allows (CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS)");
        }
        long items = 1;
        for (int d = 0; d < local.length; d++) {
            if (local[d] <= 0) {
                throw new IllegalArgumentException("kernel " + name + ": work-group size " + Arrays.toString(local)
                        + " has an extent below 1");
            }
            if (local[d] > limits.maxWorkItemSize(d)) {
                throw new IllegalArgumentException("kernel " + name + ": work-group size " + Arrays.toString(local)
                        + " exceeds, in dimension " + d + ", the " + limits.maxWorkItemSize(d) + " work-items "
                        + owner.device().name() + " allows (CL_DEVICE_MAX_WORK_ITEM_SIZES = "
                        + Arrays.toString(limits.maxWorkItemSizes()) + ")");
            }
            items *= local[d];
        }
        if (items > limits.maxWorkGroupSize()) {
            throw new IllegalArgumentException("kernel " + name + ": a work-group of " + items + " work-items "
                    + Arrays.toString(local) + " exceeds the " + limits.maxWorkGroupSize() + " that "
                    + owner.device().name() + " allows (CL_DEVICE_MAX_WORK_GROUP_SIZE)");
        }
        if (items > maxWorkGroupSize()) {
            throw new IllegalArgumentException("kernel " + name + ": a work-group of " + items + " work-items "
                    + Arrays.toString(local) + " exceeds the " + maxWorkGroupSize() + " this kernel can run with on "
                    + owner.device().name() + " (CL_KERNEL_WORK_GROUP_SIZE)");
        }
    }

    /** The kernel's own local memory plus its {@code __local} arguments within the device's local memory. */
    private void checkLocalMemory(Object[] args) {
        if (staticLocalMemBytes < 0) {
            // Asked before this kernel's first arguments are set, so no __local argument is counted in it.
            long[] v = new long[1];
            ClException.check(clGetKernelWorkGroupInfo(kernel, owner.device().id(), CL_KERNEL_LOCAL_MEM_SIZE,
                    Sizeof.cl_ulong, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ", local memory)");
            staticLocalMemBytes = v[0];
        }
        long bytes = staticLocalMemBytes;
        for (Object a : args) {
            if (a instanceof LocalMemory m) {
                bytes += m.bytes();
            }
        }
        long limit = owner.limits().localMemBytes();
        if (bytes > limit) {
            throw new IllegalArgumentException("kernel " + name + ": needs " + bytes + " bytes of local memory ("
                    + staticLocalMemBytes + " of its own, " + (bytes - staticLocalMemBytes) + " in __local arguments) "
                    + "but " + owner.device().name() + " has " + limit + " (CL_DEVICE_LOCAL_MEM_SIZE)");
        }
    }

    private void setArg(int index, Object arg) {
        int rc;
        if (arg == null) {
            rc = clSetKernelArg(kernel, index, Sizeof.cl_mem, null);
        } else if (arg instanceof Buffer b) {
            if (b.context() != owner) {
                throw new IllegalArgumentException("kernel " + name + " argument " + index
                        + ": buffer belongs to another OpenCL context");
            }
            rc = clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(b.mem()));
        } else if (arg instanceof Integer v) {
            rc = clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {v}));
        } else if (arg instanceof Long v) {
            rc = clSetKernelArg(kernel, index, Sizeof.cl_long, Pointer.to(new long[] {v}));
        } else if (arg instanceof Float v) {
            rc = clSetKernelArg(kernel, index, Sizeof.cl_float, Pointer.to(new float[] {v}));
        } else if (arg instanceof LocalMemory m) {
            rc = clSetKernelArg(kernel, index, m.bytes(), null);
        } else {
            throw new IllegalArgumentException("kernel " + name + " argument " + index + ": unsupported type "
                    + arg.getClass().getName());
        }
        ClException.check(rc, "clSetKernelArg(" + name + ", " + index + ")");
    }

    /** A {@code __local} argument of the given size. */
    public record LocalMemory(long bytes) {
    }

    synchronized void release() {
        if (!released) {
            released = true;
            clReleaseKernel(kernel);
        }
    }
}
