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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.Pointer;
import org.lamina.io.AtomicFiles;
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
 */
public final class ClContext implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();
    /** Every context not yet closed, so that a container can release them all when it stops. */
    private static final Set<ClContext> OPEN = ConcurrentHashMap.newKeySet();

    /** How a context finds and keeps programs. */
    public record Options(ProgramCache cache, Path prebuilt) {
        public static Options defaults() {
            return new Options(ProgramCache.fromEnvironment(), null);
        }

        public Options cache(ProgramCache c) {
            return new Options(c, prebuilt);
        }

        /** A folder of binaries named as {@link ClContext#exportBinaries(Path)} names them. */
        public Options prebuilt(Path dir) {
            return new Options(cache, dir);
        }
    }

    private final Device device;
    private final Options options;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private final Set<Buffer.State> liveBuffers = ConcurrentHashMap.newKeySet();
    private final AtomicLong liveBytes = new AtomicLong();
    private final Staging staging = new Staging();
    private volatile boolean closed;

    private ClContext(Device device, Options options) {
        this.device = device;
        this.options = options;
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
                    e.getValue().release();
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

    // ------------------------------------------------------------------ buffers

    /** A device buffer of {@code floats} float32 values, contents undefined. */
    public Buffer allocate(long floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("buffer: negative size " + floats);
        }
        ensureOpen();
        long bytes = Math.max(floats, 1) * Sizeof.cl_float; // OpenCL has no empty buffers
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

    void untrack(Buffer.State s) {
        if (liveBuffers.remove(s)) {
            liveBytes.addAndGet(-s.bytes);
        }
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
        String opts = BuildOptions.of(defines);
        return programs.computeIfAbsent(source.hash() + "|" + opts, k -> load(source, opts));
    }

    /** Every program this context holds, for export and inspection. */
    public List<Program> programs() {
        return new ArrayList<>(programs.values());
    }

    /**
     * Writes the binary of every program built so far into {@code dir}, under the names that
     * {@link Options#prebuilt(Path)} looks for: {@code <family>-<hash of source and options>.bin}.
     *
     * @return the files written
     */
    public List<Path> exportBinaries(Path dir) {
        List<Path> written = new ArrayList<>();
        for (Program p : programs()) {
            Path file = dir.resolve(prebuiltName(p.source(), p.options()));
            try {
                AtomicFiles.write(file, p.binary());
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
        if (options.prebuilt() != null) {
            Path file = options.prebuilt().resolve(prebuiltName(source, opts));
            if (Files.isRegularFile(file)) {
                byte[] bin;
                try {
                    bin = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading prebuilt program " + file, e);
                }
                // A prebuilt binary that does not load is an error, not a reason to compile: on an
                // FPGA there is nothing to fall back to, and elsewhere the user asked for it.
                return Program.fromBinary(this, source, opts, bin, Program.Origin.PREBUILT);
            }
        }
        String key = ProgramCache.key(device, source, opts);
        Optional<byte[]> cached = options.cache().load(key);
        if (cached.isPresent()) {
            try {
                return Program.fromBinary(this, source, opts, cached.get(), Program.Origin.DISK_CACHE);
            } catch (ClException e) {
                options.cache().evict(key); // stale or corrupt: rebuild below
            }
        }
        if (!device.compilerAvailable()) {
            throw new IllegalStateException(device + " has no OpenCL compiler and no prebuilt binary of "
                    + source.name() + " [" + opts + "] was found"
                    + (options.prebuilt() == null ? "; give a folder of prebuilt binaries" : " in " + options.prebuilt()
                            + " (expected " + prebuiltName(source, opts) + ")"));
        }
        Program p = Program.fromSource(this, source, opts);
        options.cache().store(key, p.binary());
        return p;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenCL context on " + device + " is closed");
        }
    }

    /** Releases every program, buffer, the queue and the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        clFinish(queue);
        staging.allCompleted();
        for (Program p : programs.values()) {
            p.release();
        }
        programs.clear();
        for (Buffer.State s : new ArrayList<>(liveBuffers)) {
            s.run();
        }
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
