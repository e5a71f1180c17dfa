package org.lamina.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.Pointer;
import org.lamina.io.AtomicFiles;
import org.lamina.limits.AllocationTooLarge;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * An OpenCL context and one in-order command queue on one device: allocates {@link Buffer}s, moves
 * data, and builds (or loads) {@link Program}s. Everything it creates is released by
 * {@link #close()} at the latest.
 *
 * <p>Programs are looked up, in order, in memory, among prebuilt binaries (a folder given with
 * {@link Options#prebuilt(Path)}; that is how an FPGA runs, since its kernels are compiled offline),
 * in the on-disk {@link ProgramCache}, and only then compiled from source.
 *
 * <p>In <em>strict mode</em> ({@link Options#strict(boolean)}, or {@value #STRICT_VARIABLE}{@code =1}),
 * for debugging tools such as Oclgrind that want every OpenCL call on one thread: the context belongs
 * to the thread that created it, every transfer blocks, every kernel launch is followed by a
 * {@code clFinish}, and a buffer or program released from another thread (the cleaner, a plugin
 * being removed) is only queued, and released by the owning thread's next call. Any other call from a
 * foreign thread fails with a message naming both threads. Programs are built with
 * {@code -cl-kernel-arg-info}, so that every launch's arguments are checked against the kernel's
 * declared parameter types ({@link KernelArgs}). Outside strict mode nothing of this costs anything.
 * A context on Oclgrind is always strict.
 *
 * <p>Every launch and allocation is checked against the device's limits ({@link DeviceLimits}) before
 * the driver sees it.
 */
public final class ClContext implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger PROGRAM_LOG = System.getLogger(ProgramCache.class.getName());
    /** Every context not yet closed, so that a container can release them all when it stops. */
    private static final Set<ClContext> OPEN = ConcurrentHashMap.newKeySet();

    /** The environment variable that turns strict mode on ({@code 1}) for every context by default. */
    public static final String STRICT_VARIABLE = "LAMINA_STRICT";
    /** The system property that does the same from Java (a command's {@code --strict}); it wins over the variable. */
    public static final String STRICT_PROPERTY = "lamina.strict";
    /** The environment variable with the number of threads {@link #prepare} builds on; 1 builds on the calling thread. */
    public static final String BUILD_THREADS_VARIABLE = "LAMINA_BUILD_THREADS";

    /**
     * The environment variable whose OpenCL compiler flags are added to every program's build, e.g.
     * {@code -cl-opt-disable} for Oclgrind, whose uninitialized-value check stops at the {@code freeze}
     * instructions LLVM's optimizer inserts.
     */
    public static final String BUILD_FLAGS_VARIABLE = "LAMINA_CL_BUILD_FLAGS";

    /**
     * How a context finds and keeps programs, whether it runs in strict mode, and, optionally, limits
     * lower than the device's to check launches against.
     */
    public record Options(ProgramCache cache, Path prebuilt, boolean strict, DeviceLimits limits) {
        /** The default cache, no prebuilt binaries, strict mode as {@link #strictByDefault()} says. */
        public static Options defaults() {
            return new Options(ProgramCache.fromEnvironment(), null, strictByDefault(), null);
        }

        public Options cache(ProgramCache c) {
            return new Options(c, prebuilt, strict, limits);
        }

        /** A folder of binaries named as {@link ClContext#exportBinaries(Path)} names them. */
        public Options prebuilt(Path dir) {
            return new Options(cache, dir, strict, limits);
        }

        /** Strict mode on or off (see {@link ClContext}). */
        public Options strict(boolean on) {
            return new Options(cache, prebuilt, on, limits);
        }

        /**
         * Checks launches and allocations against {@code l} where it is lower than the device: how a
         * test or a device profile makes a roomy device behave like a small one.
         */
        public Options limits(DeviceLimits l) {
            return new Options(cache, prebuilt, strict, l);
        }

        /**
         * Whether strict mode is on unless a context is told otherwise: the system property
         * {@value ClContext#STRICT_PROPERTY}, else the environment variable {@value ClContext#STRICT_VARIABLE}.
         *
         * @throws IllegalArgumentException naming the setting when its value is not a yes or a no
         */
        public static boolean strictByDefault() {
            String prop = System.getProperty(STRICT_PROPERTY);
            if (prop != null) {
                return yesOrNo(STRICT_PROPERTY + " (system property)", prop);
            }
            String env = System.getenv(STRICT_VARIABLE);
            return env != null && yesOrNo(STRICT_VARIABLE + " (environment variable)", env);
        }

        private static boolean yesOrNo(String setting, String value) {
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on":
                    return true;
                case "", "0", "false", "no", "off":
                    return false;
                default:
                    throw new IllegalArgumentException(setting + ": '" + value
                            + "' is neither 1/true/yes/on nor 0/false/no/off");
            }
        }
    }

    private final Device device;
    private final Options options;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    /** Programs being built, so that a second thread asking for one waits for it instead of building it again. */
    private final Map<String, CompletableFuture<Program>> building = new ConcurrentHashMap<>();
    /** {@link #prepare}'s threads on pocl: the context each compiles in first (see there). */
    private static final ThreadLocal<cl_context> HELPER = new ThreadLocal<>();
    private final Set<Buffer.State> liveBuffers = ConcurrentHashMap.newKeySet();
    private final AtomicLong liveBytes = new AtomicLong();
    private final Staging staging = new Staging();
    private final boolean strict;
    /** The flag that keeps the kernels' parameter types for {@link Kernel}'s argument check (strict mode). */
    private static final String ARG_INFO = " -cl-kernel-arg-info";
    private final DeviceLimits limits;
    private final String buildFlags;
    /** Strict mode: the one thread that may call OpenCL for this context. */
    private volatile Thread owner;
    /** Strict mode: releases asked for on other threads, run by the owner's next call. */
    private final ConcurrentLinkedQueue<Runnable> deferred = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private ClContext(Device device, Options options) {
        this.device = device;
        this.options = options;
        this.strict = options.strict() || needsStrict(device.platformName());
        this.limits = options.limits() == null ? DeviceLimits.of(device) : DeviceLimits.of(device).min(options.limits());
        this.owner = Thread.currentThread();
        this.buildFlags = buildFlags(System.getenv(BUILD_FLAGS_VARIABLE));
        int[] err = new int[1];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, err);
        ClException.check(err[0], "clCreateContext on " + device);
        @SuppressWarnings("deprecation") // clCreateCommandQueue is the one call every OpenCL 1.2 driver has
        cl_command_queue q = clCreateCommandQueue(context, device.id(), CL_QUEUE_PROFILING_ENABLE, err);
        if (err[0] != CL_SUCCESS) {
            clReleaseContext(context);
            ClException.check(err[0], "clCreateCommandQueue on " + device);
        }
        this.queue = q;
        OPEN.add(this);
    }

    /** The contexts created and not yet closed in this class loader. */
    public static List<ClContext> openContexts() {
        return new ArrayList<>(OPEN);
    }

    /**
     * Releases the programs built from {@code source} in every open context: how a plugin that brought
     * its own kernels frees them when it is removed. Their kernels must not be used afterwards.
     */
    public static void releasePrograms(ProgramSource source) {
        for (ClContext c : openContexts()) {
            c.programs.entrySet().removeIf(e -> {
                if (e.getValue().source().hash().equals(source.hash())) {
                    c.release(e.getValue()::release);
                    return true;
                }
                return false;
            });
        }
    }

    /** A context on {@code device} with the default program cache. */
    public static ClContext create(Device device) {
        return new ClContext(device, Options.defaults());
    }

    public static ClContext create(Device device, Options options) {
        return new ClContext(device, options);
    }

    public Device device() {
        return device;
    }

    /** Whether this context runs in strict mode (one thread, every call blocking). */
    public boolean strict() {
        return strict;
    }

    /** The limits launches and allocations are checked against: the device's, or lower ones given in the options. */
    public DeviceLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------ buffers

    /** A device buffer of {@code floats} float32 values, contents undefined. */
    public Buffer allocate(long floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("buffer: negative size " + floats);
        }
        ensureOpen();
        long bytes = Math.max(floats, 1) * Sizeof.cl_float; // OpenCL has no empty buffers
        if (bytes > limits.maxAllocBytes()) {
            throw new AllocationTooLarge(bytes, limits.maxAllocBytes(), device.name());
        }
        int[] err = new int[1];
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, err);
        ClException.check(err[0], "clCreateBuffer of " + bytes + " bytes on " + device.name());
        return new Buffer(this, mem, floats, bytes);
    }

    /**
     * Scratch that grows: {@code current} when it holds at least {@code floats}, else a new buffer of
     * {@code floats} ({@code current}, if any, released). Kernel families keep their scratch this way
     * between calls, so it grows to the largest layer's need and stays.
     */
    public Buffer atLeast(Buffer current, long floats) {
        if (current != null && current.floats() >= floats) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        return allocate(floats);
    }

    /** A device buffer holding a copy of {@code data}. */
    public Buffer upload(float[] data) {
        Buffer b = allocate(data.length);
        try {
            write(b, data);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** Copies {@code src} into the start of {@code dst}, blocking until done. */
    public void write(Buffer dst, float[] src) {
        checkRange(dst, 0, src.length);
        if (src.length > 0) {
            ClException.check(clEnqueueWriteBuffer(queue, dst.mem(), CL_TRUE, 0, (long) src.length * Sizeof.cl_float,
                    Pointer.to(src), 0, null, null), "clEnqueueWriteBuffer");
            staging.allCompleted();
        }
    }

    /**
     * Copies {@code src} into the start of {@code dst} without waiting: the values are copied to host
     * memory that the transfer owns, so {@code src} may be reused at once, and the device takes them
     * in queue order. A host that uploads each batch this way never drains the queue.
     */
    public void writeLater(Buffer dst, float[] src) {
        if (strict) {
            write(dst, src); // no transfer outlives its call, so no other thread ever waits for one
            return;
        }
        checkRange(dst, 0, src.length);
        if (src.length == 0) {
            return;
        }
        long bytes = (long) src.length * Sizeof.cl_float;
        ByteBuffer host = staging.take(bytes);
        host.asFloatBuffer().put(src);
        cl_event event = new cl_event();
        int rc = clEnqueueWriteBuffer(queue, dst.mem(), CL_FALSE, 0, bytes, Pointer.to(host), 0, null, event);
        if (rc != CL_SUCCESS) {
            staging.give(host);
            throw new ClException("clEnqueueWriteBuffer (not blocking) of " + bytes + " bytes", rc);
        }
        staging.hold(event, host);
        clFlush(queue);
    }

    /**
     * Queues a copy of {@code count} floats from {@code offset} on to the host and returns at once;
     * {@link PendingRead#await()} waits for the commands queued before it, not for later ones.
     */
    public PendingRead readLater(Buffer src, long offset, int count) {
        if (strict) {
            float[] values = new float[count];
            read(src, offset, values);
            return PendingRead.done(values); // awaiting it, on any thread, calls no OpenCL
        }
        checkRange(src, offset, count);
        if (count == 0) {
            return PendingRead.done(new float[0]);
        }
        long bytes = (long) count * Sizeof.cl_float;
        ByteBuffer host = staging.take(bytes);
        cl_event event = new cl_event();
        int rc = clEnqueueReadBuffer(queue, src.mem(), CL_FALSE, offset * Sizeof.cl_float, bytes, Pointer.to(host), 0,
                null, event);
        if (rc != CL_SUCCESS) {
            staging.give(host);
            throw new ClException("clEnqueueReadBuffer (not blocking) of " + bytes + " bytes", rc);
        }
        staging.keep(event, host);
        clFlush(queue);
        return new PendingRead(staging, event, host, count);
    }

    /** Reads the whole buffer. */
    public float[] read(Buffer src) {
        float[] out = new float[Math.toIntExact(src.floats())];
        read(src, 0, out);
        return out;
    }

    /** Reads {@code dst.length} floats from {@code offset} on, blocking until done. */
    public void read(Buffer src, long offset, float[] dst) {
        checkRange(src, offset, dst.length);
        if (dst.length > 0) {
            ClException.check(clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, offset * Sizeof.cl_float,
                    (long) dst.length * Sizeof.cl_float, Pointer.to(dst), 0, null, null), "clEnqueueReadBuffer");
            staging.allCompleted(); // a blocking read waits for everything queued before it
        }
    }

    /** Sets {@code count} floats from {@code offset} on to {@code value}. */
    public void fill(Buffer dst, long offset, long count, float value) {
        checkRange(dst, offset, count);
        if (count > 0) {
            ClException.check(clEnqueueFillBuffer(queue, dst.mem(), Pointer.to(new float[] {value}), Sizeof.cl_float,
                    offset * Sizeof.cl_float, count * Sizeof.cl_float, 0, null, null), "clEnqueueFillBuffer");
        }
    }

    /** Copies {@code count} floats between buffers of this context. */
    public void copy(Buffer src, long srcOffset, Buffer dst, long dstOffset, long count) {
        checkRange(src, srcOffset, count);
        checkRange(dst, dstOffset, count);
        if (count > 0) {
            ClException.check(clEnqueueCopyBuffer(queue, src.mem(), dst.mem(), srcOffset * Sizeof.cl_float,
                    dstOffset * Sizeof.cl_float, count * Sizeof.cl_float, 0, null, null), "clEnqueueCopyBuffer");
        }
    }

    /** Waits until every command queued so far has finished. */
    public void finish() {
        ensureOpen();
        ClException.check(clFinish(queue), "clFinish");
        staging.allCompleted();
    }

    /** Buffers allocated and not yet released. */
    public int liveBuffers() {
        return liveBuffers.size();
    }

    /** Bytes held by live buffers. */
    public long liveBytes() {
        return liveBytes.get();
    }

    private void checkRange(Buffer b, long offset, long count) {
        ensureOpen();
        if (b.context() != this) {
            throw new IllegalArgumentException("buffer belongs to another OpenCL context (" + b.context().device()
                    + "), not to this one (" + device + ")");
        }
        if (offset < 0 || count < 0 || offset + count > b.floats()) {
            throw new IllegalArgumentException("buffer range [" + offset + ", " + (offset + count)
                    + ") is outside a buffer of " + b.floats() + " floats");
        }
    }

    void track(Buffer.State s) {
        liveBuffers.add(s);
        liveBytes.addAndGet(s.bytes);
    }

    /** Forgets a buffer being released; false when it was released already. */
    boolean untrack(Buffer.State s) {
        if (liveBuffers.remove(s)) {
            liveBytes.addAndGet(-s.bytes);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ programs

    /**
     * The program for {@code source} built with {@code defines}, from the first place that has it:
     * memory, prebuilt binaries, the disk cache, or the compiler.
     *
     * @throws BuildException with the full build log when the source does not compile
     */
    public Program program(ProgramSource source, Map<String, ?> defines) {
        ensureOpen();
        String opts = BuildOptions.of(defines) + buildFlags + (strict ? ARG_INFO : "");
        String key = source.hash() + "|" + opts;
        Program p = programs.get(key);
        if (p != null) {
            return p;
        }
        // Not computeIfAbsent: it would hold a lock of the map for the seconds a build takes, and
        // builds of other programs on other threads (prepare) would wait on it. The first thread to
        // ask builds; others asking for the same program wait for that build.
        CompletableFuture<Program> mine = new CompletableFuture<>();
        CompletableFuture<Program> other = building.putIfAbsent(key, mine);
        if (other != null) {
            return awaitBuild(other);
        }
        try {
            p = programs.get(key); // finished between the first look and now
            if (p == null) {
                p = logged(load(source, opts));
                programs.put(key, p);
            }
            mine.complete(p);
            return p;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            building.remove(key, mine);
        }
    }

    private static Program awaitBuild(CompletableFuture<Program> build) {
        try {
            return build.join();
        } catch (CompletionException e) {
            // the building thread's own exception (a BuildException with its log), thrown here too
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Runs {@code tasks}, each of which obtains programs of this context (a kernel family's
     * constructor), on a few threads at once, and returns when all have ended: how a training builds
     * the programs of its first step ahead of it. A failed task's exception is thrown once all have
     * ended. In strict mode (Oclgrind wants every call on one thread), with
     * {@value #BUILD_THREADS_VARIABLE}{@code =1}, or for a single task, they run one after another
     * on the calling thread.
     *
     * <p>pocl compiles the programs of one context one at a time (a lock per context around its LLVM
     * work), so on pocl each thread first compiles its program in a context of its own, and the build
     * in this context then finds it in pocl's kernel cache.
     */
    public void prepare(List<? extends Runnable> tasks) {
        ensureOpen();
        int threads = Math.min(tasks.size(), buildThreads());
        if (strict || threads <= 1) {
            tasks.forEach(Runnable::run);
            return;
        }
        boolean helpers = isPocl(device.platformName()) && !"0".equals(System.getenv("POCL_KERNEL_CACHE"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                cl_context helper = helpers ? helperContext() : null;
                HELPER.set(helper);
                try {
                    r.run();
                } finally {
                    HELPER.remove();
                    if (helper != null) {
                        clReleaseContext(helper);
                    }
                }
            }, "lamina-build");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (Runnable t : tasks) {
                futures.add(pool.submit(t));
            }
            RuntimeException failed = null;
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failed == null) {
                        failed = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException("building programs on " + device, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while building programs on " + device, e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many threads {@link #prepare} uses: {@value #BUILD_THREADS_VARIABLE}, else the cores, at most 4. */
    static int buildThreads() {
        String env = System.getenv(BUILD_THREADS_VARIABLE);
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(BUILD_THREADS_VARIABLE + ": '" + env
                    + "' is not a number of threads (1 or more; 1 builds on the calling thread)");
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A context of its own on this device for a build thread, or null when one cannot be made (then no head start). */
    private cl_context helperContext() {
        int[] err = new int[1];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        cl_context c = clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, err);
        return err[0] == CL_SUCCESS ? c : null;
    }

    /** A debug line per program obtained: where it came from and how long that took (the first-run log). */
    private static Program logged(Program p) {
        if (PROGRAM_LOG.isLoggable(System.Logger.Level.DEBUG)) {
            PROGRAM_LOG.log(System.Logger.Level.DEBUG, String.format(Locale.ROOT, "program %s [%s]: %s in %.0f ms (thread %s)",
                    p.source().name(), p.options().strip(), switch (p.origin()) {
                        case SOURCE -> "compiled from source";
                        case DISK_CACHE -> "loaded from the kernel cache";
                        case PREBUILT -> "loaded from a prebuilt binary";
                    }, p.buildMillis(), Thread.currentThread().getName()));
        }
        return p;
    }

    /** Every program this context holds, for export and inspection. */
    public List<Program> programs() {
        return new ArrayList<>(programs.values());
    }

    /**
     * Writes the binary of every program built so far into {@code dir}, under the names that
     * {@link Options#prebuilt(Path)} looks for: {@code <family>-<hash of source and options>.bin}, each
     * with the header of {@link CheckedBinary} (length and SHA-256), which loading checks.
     *
     * @return the files written
     */
    public List<Path> exportBinaries(Path dir) {
        List<Path> written = new ArrayList<>();
        for (Program p : programs()) {
            Path file = dir.resolve(prebuiltName(p.source(), p.options()));
            try {
                AtomicFiles.write(file, CheckedBinary.encode(p.binary()));
            } catch (IOException e) {
                throw new UncheckedIOException("writing program binary " + file, e);
            }
            written.add(file);
        }
        return written;
    }

    /** The file name a prebuilt binary of {@code source} built with {@code options} must have. */
    public static String prebuiltName(ProgramSource source, String options) {
        return source.stem() + "-" + ProgramSource.sha256(source.hash() + "\n" + options).substring(0, 16) + ".bin";
    }

    private Program load(ProgramSource source, String opts) {
        ProgramCache cache = options.cache();
        cache.directory().ifPresent(d -> StepMarker.reportStale(d, cache::evict));
        String what = source.name() + " [" + opts + "] for " + device;
        if (options.prebuilt() != null) {
            Path file = options.prebuilt().resolve(prebuiltName(source, opts));
            if (Files.isRegularFile(file)) {
                byte[] bin = prebuiltBinary(file);
                // A prebuilt binary that does not load is an error, not a reason to compile: on an
                // FPGA there is nothing to fall back to, and elsewhere the user asked for it.
                return fromBinary(source, opts, bin, Program.Origin.PREBUILT,
                        "loading the prebuilt binary " + file + " of " + what, null);
            }
        }
        String key = ProgramCache.key(device, source, opts);
        Optional<byte[]> cached = cache.load(key);
        if (cached.isPresent()) {
            try {
                return fromCache(source, opts, key, cached.get());
            } catch (ClException e) {
                System.getLogger(ProgramCache.class.getName()).log(System.Logger.Level.WARNING, "kernel cache: "
                        + cache.file(key) + " was rejected by the driver (" + e.getMessage()
                        + "); deleted, rebuilding from source");
                cache.evict(key);
            }
        }
        if (!device.compilerAvailable()) {
            throw new IllegalStateException(device + " has no OpenCL compiler and no prebuilt binary of "
                    + source.name() + " [" + opts + "] was found"
                    + (options.prebuilt() == null ? "; give a folder of prebuilt binaries" : " in " + options.prebuilt()
                            + " (expected " + prebuiltName(source, opts) + ")"));
        }
        Program p;
        try (StepMarker m = marker("building " + what + " from source", null)) {
            cl_context helper = HELPER.get();
            if (helper != null) {
                Program.compileElsewhere(helper, device, source, opts);
            }
            p = Program.fromSource(this, source, opts);
        }
        if (cache.stores(device)) {
            cache.store(key, p.binary());
        }
        return p;
    }

    /**
     * Hands {@code binary} to the driver with a {@link StepMarker} saying so, in the cache folder:
     * a driver abort here is explained by the next run, which evicts {@code key}.
     */
    Program fromBinary(ProgramSource source, String opts, byte[] binary, Program.Origin origin, String step,
            String key) {
        try (StepMarker m = marker(step, key)) {
            return Program.fromBinary(this, source, opts, binary, origin);
        }
    }

    /** Hands the cache entry {@code key}'s checked {@code binary} to the driver, marked as that step. */
    Program fromCache(ProgramSource source, String opts, String key, byte[] binary) {
        return fromBinary(source, opts, binary, Program.Origin.DISK_CACHE, "loading the cached binary "
                + options.cache().file(key) + " of " + source.name() + " [" + opts + "] for " + device, key);
    }

    private StepMarker marker(String step, String key) {
        return options.cache().directory().map(d -> StepMarker.begin(d, step, key)).orElse(StepMarker.NONE);
    }

    /**
     * The checked bytes of a prebuilt binary: a file with Lamina's header must pass its length and
     * checksum; a raw binary from another tool (an FPGA compiler's output) is accepted only when a
     * {@code <file>.sha256} beside it ({@code sha256sum}'s format) matches. Anything else is an error
     * naming the file, since an unchecked binary can crash the driver and there is no source to fall
     * back to.
     */
    static byte[] prebuiltBinary(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading prebuilt program " + file, e);
        }
        if (CheckedBinary.hasHeader(bytes)) {
            try {
                return CheckedBinary.decode(bytes);
            } catch (CheckedBinary.DamagedException e) {
                throw new IllegalArgumentException("prebuilt program binary " + file + " is damaged (" + e.getMessage()
                        + "); export it again (ClContext.exportBinaries)");
            }
        }
        Path sidecar = file.resolveSibling(file.getFileName() + ".sha256");
        if (!Files.isRegularFile(sidecar)) {
            throw new IllegalArgumentException("prebuilt program binary " + file + " has no Lamina header and no "
                    + sidecar.getFileName() + " beside it, so it cannot be checked before the driver reads it; export "
                    + "it with ClContext.exportBinaries, or record its checksum: sha256sum " + file.getFileName()
                    + " > " + sidecar.getFileName());
        }
        String recorded;
        try {
            String text = Files.readString(sidecar).strip();
            recorded = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checksum " + sidecar, e);
        }
        String actual = CheckedBinary.sha256Hex(bytes);
        if (bytes.length == 0 || !actual.equals(recorded)) {
            throw new IllegalArgumentException("prebuilt program binary " + file + " does not match its checksum in "
                    + sidecar.getFileName() + " (" + bytes.length + " bytes, SHA-256 " + actual + ", recorded '"
                    + recorded + "')");
        }
        return bytes;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /**
     * Whether a platform is a debugging tool that fails outside strict mode (Oclgrind aborts the JVM
     * when two threads run its queue), so that naming it as the device is enough.
     */
    static boolean isPocl(String platformName) {
        return platformName.toLowerCase(Locale.ROOT).contains("portable computing language");
    }

    static boolean needsStrict(String platformName) {
        return platformName.toLowerCase(Locale.ROOT).contains("oclgrind");
    }

    /** Extra compiler flags as they follow the defines: only {@code -cl-...} flags, separated by spaces. */
    static String buildFlags(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String flag : value.strip().split("\\s+")) {
            if (!flag.matches("-cl-[a-z0-9-]+(=[A-Za-z0-9.]+)?")) {
                throw new IllegalArgumentException(BUILD_FLAGS_VARIABLE + ": '" + flag
                        + "' is not an OpenCL compiler flag of the form -cl-...");
            }
            sb.append(' ').append(flag);
        }
        return sb.toString();
    }

    /** Every OpenCL call of this context (its buffers, programs and kernels included) passes here first. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenCL context on " + device + " is closed");
        }
        if (strict) {
            enterStrict();
        }
    }

    /**
     * Strict mode: only the owner calls OpenCL, and it first runs the releases other threads queued.
     * When the owner has ended, the calling thread takes the context over.
     */
    private void enterStrict() {
        Thread me = Thread.currentThread();
        if (me != owner) {
            synchronized (this) {
                Thread o = owner;
                if (me != o) {
                    if (o.isAlive()) {
                        throw new IllegalStateException("strict mode (" + STRICT_VARIABLE + "): the OpenCL context on "
                                + device + " belongs to thread '" + o.getName() + "', but thread '" + me.getName()
                                + "' called it; in strict mode every OpenCL call of a context is made on one thread");
                    }
                    owner = me;
                }
            }
        }
        Runnable r;
        while ((r = deferred.poll()) != null) {
            r.run();
        }
    }

    /**
     * Runs {@code release} (an OpenCL release) now, or, in strict mode on a thread other than the
     * owner's, queues it for the owner's next call.
     */
    void release(Runnable release) {
        if (strict && Thread.currentThread() != owner && !closed) {
            deferred.add(release);
        } else {
            release.run();
        }
    }

    /** Whether a kernel launch must wait for the kernel (strict mode). */
    boolean finishEachLaunch() {
        return strict;
    }

    /** Releases queued by other threads and not yet run (strict mode). */
    int deferredReleases() {
        return deferred.size();
    }

    /** Releases every program, buffer, the queue and the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        // On a foreign thread too (a container shutting down): the owner's work is over by then.
        for (Runnable r; (r = deferred.poll()) != null; ) {
            r.run();
        }
        clFinish(queue);
        staging.allCompleted();
        for (Program p : programs.values()) {
            p.release();
        }
        programs.clear();
        for (Buffer.State s : new ArrayList<>(liveBuffers)) {
            s.releaseNow();
        }
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
