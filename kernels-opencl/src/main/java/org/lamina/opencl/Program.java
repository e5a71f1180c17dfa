package org.lamina.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** A built OpenCL program of one {@link ClContext}; hands out its {@link Kernel}s. */
public final class Program {
    /** Where the program's binary came from. */
    public enum Origin {
        /** Compiled from OpenCL C source in this process. */
        SOURCE,
        /** Loaded from the on-disk {@link ProgramCache}. */
        DISK_CACHE,
        /** Loaded from a folder of prebuilt binaries (offline-compiled kernels). */
        PREBUILT
    }

    private final ClContext owner;
    private final ProgramSource source;
    private final String options;
    private final cl_program program;
    private final Origin origin;
    private final String buildLog;
    private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();
    /** How long creating and building the program took, source or binary (for the first-run log). */
    private long buildNanos;
    private volatile boolean released;

    private Program(ClContext owner, ProgramSource source, String options, cl_program program, Origin origin,
            String buildLog) {
        this.owner = owner;
        this.source = source;
        this.options = options;
        this.program = program;
        this.origin = origin;
        this.buildLog = buildLog;
    }

    static Program fromSource(ClContext ctx, ProgramSource source, String options) {
        long t0 = System.nanoTime();
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(ctx.context(), 1, new String[] {source.text()}, null, err);
        ClException.check(err[0], "clCreateProgramWithSource(" + source.name() + ")");
        String log = build(ctx, source, options, p);
        return new Program(ctx, source, options, p, Origin.SOURCE, log).took(t0);
    }

    /**
     * Compiles {@code source} in {@code other}, another context on {@code device}, and releases it:
     * on pocl that leaves the compiled program in pocl's kernel cache, where the build of the same
     * source and options in the context that keeps it finds it. Failures are left for that build to
     * report with its log.
     */
    static void compileElsewhere(org.jocl.cl_context other, Device device, ProgramSource source, String options) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(other, 1, new String[] {source.text()}, null, err);
        if (err[0] == CL_SUCCESS) {
            clBuildProgram(p, 1, new cl_device_id[] {device.id()}, options, null, null);
            clReleaseProgram(p);
        }
    }

    static Program fromBinary(ClContext ctx, ProgramSource source, String options, byte[] binary, Origin origin) {
        long t0 = System.nanoTime();
        int[] err = new int[1];
        int[] status = new int[1];
        cl_program p = clCreateProgramWithBinary(ctx.context(), 1, new cl_device_id[] {ctx.device().id()},
                new long[] {binary.length}, new byte[][] {binary}, status, err);
        if (err[0] == CL_SUCCESS && status[0] != CL_SUCCESS) {
            err[0] = status[0];
        }
        if (err[0] != CL_SUCCESS) {
            if (p != null) {
                clReleaseProgram(p);
            }
            throw new ClException("clCreateProgramWithBinary(" + source.name() + ", " + binary.length + " bytes)", err[0]);
        }
        String log = build(ctx, source, options, p);
        return new Program(ctx, source, options, p, origin, log).took(t0);
    }

    private Program took(long startNanos) {
        buildNanos = System.nanoTime() - startNanos;
        return this;
    }

    /** Builds {@code p}; returns the compiler's log (warnings), which a clean build leaves empty. */
    private static String build(ClContext ctx, ProgramSource source, String options, cl_program p) {
        cl_device_id dev = ctx.device().id();
        int rc = clBuildProgram(p, 1, new cl_device_id[] {dev}, options, null, null);
        String log = buildLog(p, dev);
        if (rc != CL_SUCCESS) {
            clReleaseProgram(p);
            throw new BuildException(source.name(), ctx.device().toString(), options, rc, log);
        }
        return log.strip();
    }

    private static String buildLog(cl_program p, cl_device_id dev) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS || size[0] == 0) {
            return "";
        }
        byte[] bytes = new byte[(int) size[0]];
        clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The kernel {@code name} of this program, created on first use and kept. */
    public Kernel kernel(String name) {
        owner.ensureOpen();
        return kernels.computeIfAbsent(name, n -> {
            int[] err = new int[1];
            cl_kernel k = clCreateKernel(program, n, err);
            ClException.check(err[0], "clCreateKernel(" + n + ") in " + source.name());
            return new Kernel(owner, n, k);
        });
    }

    /**
     * Whether a kernel of this program has been launched: how a test checks that a run built only
     * programs it used.
     */
    public boolean launched() {
        return kernels.values().stream().anyMatch(Kernel::launched);
    }

    /** The device binary ({@code CL_PROGRAM_BINARIES}) of this program. */
    public byte[] binary() {
        owner.ensureOpen();
        long[] size = new long[1];
        ClException.check(clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null),
                "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)");
        byte[] bin = new byte[Math.toIntExact(size[0])];
        if (bin.length > 0) {
            Pointer binPointer = Pointer.to(bin);
            ClException.check(clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(binPointer),
                    null), "clGetProgramInfo(CL_PROGRAM_BINARIES)");
        }
        return bin;
    }

    public ProgramSource source() {
        return source;
    }

    /** The build options ({@code -D} defines) this program was built with. */
    public String options() {
        return options;
    }

    public Origin origin() {
        return origin;
    }

    /** Milliseconds spent creating and building this program (compiling, or loading its binary). */
    public double buildMillis() {
        return buildNanos / 1e6;
    }

    /**
     * What the device's compiler said while building this program ({@code CL_PROGRAM_BUILD_LOG}):
     * warnings, or nothing. Drivers differ in what they put there and a binary loaded from a cache may
     * leave it empty; {@code KernelWarningsTest} keeps Lamina's own kernels free of warnings on pocl.
     */
    public String buildLog() {
        return buildLog;
    }

    synchronized void release() {
        if (!released) {
            released = true;
            for (Kernel k : kernels.values()) {
                k.release();
            }
            kernels.clear();
            clReleaseProgram(program);
        }
    }
}
