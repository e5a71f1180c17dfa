package org.lamina.opencl;

import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
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
        launch(global, local, false, args);
    }

    /**
     * Enqueues the kernel over {@code items} work-items in a 1-D range, in work-groups of
     * {@code workGroup} (lowered to what the kernel allows on this device). The range is rounded up
     * to whole work-groups, so the kernel must ignore indices from {@code items} on. A fixed
     * work-group size matters: drivers such as pocl compile a kernel anew for every work-group size.
     */
    public void launch1D(long items, int workGroup, Object... args) {
        long local = Math.max(1, Math.min(workGroup, maxWorkGroupSize()));
        launch(new long[] {items}, new long[] {local}, false, args);
    }

    /** The largest work-group this kernel can run with on its device ({@code CL_KERNEL_WORK_GROUP_SIZE}). */
    public long maxWorkGroupSize() {
        long m = maxWorkGroupSize;
        if (m < 0) {
            long[] v = new long[1];
            ClException.check(clGetKernelWorkGroupInfo(kernel, owner.device().id(), CL_KERNEL_WORK_GROUP_SIZE,
                    Sizeof.size_t, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ")");
            m = v[0];
            maxWorkGroupSize = m;
        }
        return m;
    }

    /**
     * Like {@link #launch} but waits for the kernel and returns its run time on the device in
     * nanoseconds (from the queue's profiling counters).
     */
    public long launchTimed(long[] global, long[] local, Object... args) {
        return launch(global, local, true, args);
    }

    private synchronized long launch(long[] global, long[] local, boolean timed, Object... args) {
        owner.ensureOpen();
        if (released) {
            throw new IllegalStateException("kernel " + name + " was released");
        }
        for (int i = 0; i < args.length; i++) {
            setArg(i, args[i]);
        }
        long[] g = global.clone();
        if (local != null) {
            if (local.length != g.length) {
                throw new IllegalArgumentException("kernel " + name + ": local size " + Arrays.toString(local)
                        + " has not the dimensions of global size " + Arrays.toString(global));
            }
            for (int d = 0; d < g.length; d++) {
                g[d] = (g[d] + local[d] - 1) / local[d] * local[d];
            }
        }
        for (long v : g) {
            if (v <= 0) {
                return 0; // nothing to do; OpenCL rejects empty ranges
            }
        }
        cl_event event = timed ? new cl_event() : null;
        int rc = clEnqueueNDRangeKernel(owner.queue(), kernel, g.length, null, g, local, 0, null, event);
        if (rc != CL_SUCCESS) {
            throw new ClException("clEnqueueNDRangeKernel(" + name + ", global " + Arrays.toString(g) + ", local "
                    + (local == null ? "auto" : Arrays.toString(local)) + ")", rc);
        }
        if (!timed) {
            return 0;
        }
        try {
            ClException.check(clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents(" + name + ")");
            long[] start = new long[1];
            long[] end = new long[1];
            clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
            clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
            return end[0] - start[0];
        } finally {
            clReleaseEvent(event);
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
