package org.lamina.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel of a {@link Program}. {@link #launch} sets the arguments ({@link KernelArgs}, typed at
 * the call and checked against the kernel's declared parameters) and enqueues it in one step, under a
 * lock, because OpenCL kernel arguments are shared state.
 */
public final class Kernel {
    private final ClContext owner;
    private final String name;
    private final cl_kernel kernel;
    /** Whether this kernel was ever enqueued (a program nobody launched was built for nothing). */
    private volatile boolean launched;
    private volatile boolean released;
    private volatile long maxWorkGroupSize = -1;
    /** {@code CL_KERNEL_LOCAL_MEM_SIZE} before any {@code __local} argument is set: the kernel's own. */
    private long staticLocalMemBytes = -1;
    private volatile int arguments = -1;
    /** Per parameter, the kind it takes (0: unknown), its name and declared type; asked on the first launch. */
    private byte[] declared;
    private String[] parameterNames;
    private String[] parameterTypes;
    // Scalars are copied by clSetKernelArg, so one holder of each type serves every launch (under the lock).
    private final int[] intArg = new int[1];
    private final long[] longArg = new long[1];
    private final float[] floatArg = new float[1];
    private final Pointer intPointer = Pointer.to(intArg);
    private final Pointer longPointer = Pointer.to(longArg);
    private final Pointer floatPointer = Pointer.to(floatArg);

    Kernel(ClContext owner, String name, cl_kernel kernel) {
        this.owner = owner;
        this.name = name;
        this.kernel = kernel;
    }

    public String name() {
        return name;
    }

    /** Fresh arguments for one launch of this kernel, to be given in its parameters' order. */
    public KernelArgs args() {
        return new KernelArgs(this, arguments());
    }

    /**
     * Enqueues the kernel over {@code global} work-items in work-groups of {@code local} (or the
     * driver's choice when {@code local} is null). Each global size is rounded up to a multiple of
     * the local size, so kernels guard their upper bounds.
     *
     * @throws IllegalArgumentException when {@code args} are not this kernel's, leave a parameter out, or
     *     give one a type other than the kernel declares (naming the kernel, the argument and both types)
     */
    public void launch(long[] global, long[] local, KernelArgs args) {
        enqueue(global, local, args);
    }

    /**
     * Enqueues the kernel over {@code items} work-items in a 1-D range, in work-groups of
     * {@code workGroup} (lowered to what the kernel allows on this device). The range is rounded up
     * to whole work-groups, so the kernel must ignore indices from {@code items} on. A fixed
     * work-group size matters: drivers such as pocl compile a kernel anew for every work-group size.
     */
    public void launch1D(long items, int workGroup, KernelArgs args) {
        long local = Math.max(1, Math.min(Math.min(workGroup, maxWorkGroupSize()), owner.limits().maxWorkItemSize(0)));
        enqueue(new long[] {items}, new long[] {local}, args);
    }

    /** The number of the kernel's parameters ({@code CL_KERNEL_NUM_ARGS}). */
    public int arguments() {
        int n = arguments;
        if (n < 0) {
            owner.ensureOpen();
            int[] v = new int[1];
            ClException.check(clGetKernelInfo(kernel, CL_KERNEL_NUM_ARGS, Sizeof.cl_uint, Pointer.to(v), null),
                    "clGetKernelInfo(" + name + ", CL_KERNEL_NUM_ARGS)");
            n = v[0];
            arguments = n;
        }
        return n;
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

    private synchronized void enqueue(long[] global, long[] local, KernelArgs args) {
        owner.ensureOpen();
        if (released) {
            throw new IllegalStateException("kernel " + name + " was released");
        }
        checkArguments(args);
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
        for (int i = 0; i < args.count; i++) {
            setArg(i, args);
        }
        for (long v : g) {
            if (v <= 0) {
                return; // nothing to do; OpenCL rejects empty ranges
            }
        }
        int rc = clEnqueueNDRangeKernel(owner.queue(), kernel, g.length, null, g, local, 0, null, null);
        launched = true;
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
    private void checkLocalMemory(KernelArgs args) {
        if (staticLocalMemBytes < 0) {
            // Asked before this kernel's first arguments are set, so no __local argument is counted in it.
            long[] v = new long[1];
            ClException.check(clGetKernelWorkGroupInfo(kernel, owner.device().id(), CL_KERNEL_LOCAL_MEM_SIZE,
                    Sizeof.cl_ulong, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ", local memory)");
            staticLocalMemBytes = v[0];
        }
        long bytes = staticLocalMemBytes;
        for (int i = 0; i < args.count; i++) {
            if (args.kinds[i] == KernelArgs.LOCAL) {
                bytes += args.values[i];
            }
        }
        long limit = owner.limits().localMemBytes();
        if (bytes > limit) {
            throw new IllegalArgumentException("kernel " + name + ": needs " + bytes + " bytes of local memory ("
                    + staticLocalMemBytes + " of its own, " + (bytes - staticLocalMemBytes) + " in __local arguments) "
                    + "but " + owner.device().name() + " has " + limit + " (CL_DEVICE_LOCAL_MEM_SIZE)");
        }
    }

    /**
     * The arguments are this kernel's, one for each parameter, each of the type the kernel declares
     * where the driver tells it ({@code CL_KERNEL_ARG_INFO_NOT_AVAILABLE} leaves the types unchecked).
     */
    private void checkArguments(KernelArgs args) {
        if (args.kernel() != this) {
            throw new IllegalArgumentException("kernel " + name + ": given the arguments of kernel "
                    + args.kernel().name());
        }
        if (args.count != args.kinds.length) {
            throw new IllegalArgumentException("kernel " + name + ": " + args.count + " of its " + args.kinds.length
                    + " arguments given");
        }
        byte[] declared = declared();
        for (int i = 0; i < args.count; i++) {
            byte want = declared[i];
            if (want != 0 && want != args.kinds[i]) {
                throw new IllegalArgumentException("kernel " + name + " argument " + i + " (" + parameterNames[i]
                        + "): the kernel declares " + parameterTypes[i] + " (" + KernelArgs.kindName(want)
                        + "), the launch gives " + KernelArgs.kindName(args.kinds[i]));
            }
        }
    }

    /**
     * The kind each parameter takes ({@link KernelArgs#BUFFER} ...; 0 where unknown), from the
     * kernel's argument info, asked once.
     */
    private byte[] declared() {
        byte[] d = declared;
        if (d != null) {
            return d;
        }
        int n = arguments();
        d = new byte[n];
        parameterNames = new String[n];
        parameterTypes = new String[n];
        for (int i = 0; i < n; i++) {
            int[] qualifier = new int[1];
            int rc = clGetKernelArgInfo(kernel, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER, Sizeof.cl_uint,
                    Pointer.to(qualifier), null);
            String type = rc == CL_SUCCESS ? argInfo(i, CL_KERNEL_ARG_TYPE_NAME) : null;
            if (type == null) {
                d = new byte[n]; // not available (a binary without argument info): unchecked
                break;
            }
            parameterTypes[i] = type;
            parameterNames[i] = String.valueOf(argInfo(i, CL_KERNEL_ARG_NAME));
            d[i] = kindOf(qualifier[0], type);
        }
        declared = d;
        return d;
    }

    private String argInfo(int index, int what) {
        long[] size = new long[1];
        if (clGetKernelArgInfo(kernel, index, what, 0, null, size) != CL_SUCCESS || size[0] <= 0) {
            return null;
        }
        byte[] bytes = new byte[(int) size[0]];
        if (clGetKernelArgInfo(kernel, index, what, bytes.length, Pointer.to(bytes), null) != CL_SUCCESS) {
            return null;
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII).strip();
    }

    /** The argument kind of a parameter declared {@code type} in address space {@code qualifier}. */
    static byte kindOf(int qualifier, String type) {
        if (qualifier == CL_KERNEL_ARG_ADDRESS_LOCAL) {
            return KernelArgs.LOCAL;
        }
        if (qualifier == CL_KERNEL_ARG_ADDRESS_GLOBAL || qualifier == CL_KERNEL_ARG_ADDRESS_CONSTANT) {
            return KernelArgs.BUFFER;
        }
        return switch (type) {
            case "int", "uint" -> KernelArgs.INT;
            case "long", "ulong" -> KernelArgs.LONG;
            case "float" -> KernelArgs.FLOAT;
            default -> 0;
        };
    }

    private void setArg(int index, KernelArgs args) {
        int rc;
        switch (args.kinds[index]) {
            case KernelArgs.BUFFER -> {
                Buffer b = args.buffers[index];
                if (b == null) {
                    rc = clSetKernelArg(kernel, index, Sizeof.cl_mem, null);
                } else {
                    if (b.context() != owner) {
                        throw new IllegalArgumentException("kernel " + name + " argument " + index
                                + ": buffer belongs to another OpenCL context");
                    }
                    rc = clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(b.mem()));
                }
            }
            case KernelArgs.INT -> {
                intArg[0] = (int) args.values[index];
                rc = clSetKernelArg(kernel, index, Sizeof.cl_int, intPointer);
            }
            case KernelArgs.LONG -> {
                longArg[0] = args.values[index];
                rc = clSetKernelArg(kernel, index, Sizeof.cl_long, longPointer);
            }
            case KernelArgs.FLOAT -> {
                floatArg[0] = Float.intBitsToFloat((int) args.values[index]);
                rc = clSetKernelArg(kernel, index, Sizeof.cl_float, floatPointer);
            }
            case KernelArgs.LOCAL -> rc = clSetKernelArg(kernel, index, args.values[index], null);
            default -> throw new IllegalStateException("kernel " + name + " argument " + index + ": no kind");
        }
        ClException.check(rc, "clSetKernelArg(" + name + ", " + index + ")");
    }

    synchronized void release() {
        if (!released) {
            released = true;
            clReleaseKernel(kernel);
        }
    }

    /** Whether this kernel has been enqueued at least once. */
    boolean launched() {
        return launched;
    }
}
