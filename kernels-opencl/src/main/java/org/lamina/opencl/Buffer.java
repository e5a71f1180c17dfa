package org.lamina.opencl;

import static org.jocl.CL.clReleaseMemObject;

import java.lang.ref.Cleaner;
import org.jocl.cl_mem;

/**
 * A float32 buffer in a device's memory. Released by {@link #close()}; a buffer that becomes
 * unreachable unreleased is released by a cleaner, but code should not rely on that.
 */
public final class Buffer implements AutoCloseable {
    private final ClContext context;
    private final long floats;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    Buffer(ClContext context, cl_mem mem, long floats, long bytes) {
        this.context = context;
        this.floats = floats;
        this.state = new State(context, mem, bytes);
        context.track(state);
        this.cleanable = ClContext.CLEANER.register(this, state);
    }

    /** Number of float32 values. */
    public long floats() {
        return floats;
    }

    public ClContext context() {
        return context;
    }

    /** Whether {@link #close()} has run. */
    public boolean released() {
        return state.released;
    }

    cl_mem mem() {
        if (state.released) {
            throw new IllegalStateException("buffer of " + floats + " floats was already released");
        }
        return state.mem;
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** What the cleaner needs to release the memory, without a reference to the Buffer itself. */
    static final class State implements Runnable {
        final ClContext context;
        final cl_mem mem;
        final long bytes;
        volatile boolean released;

        State(ClContext context, cl_mem mem, long bytes) {
            this.context = context;
            this.mem = mem;
            this.bytes = bytes;
        }

        /**
         * Run once, by {@link #close()} or by the cleaner on its own thread: the buffer is unusable at
         * once, and its memory released now or, in strict mode off the context's thread, by the
         * context's next call.
         */
        @Override
        public void run() {
            released = true;
            context.release(this::releaseNow);
        }

        synchronized void releaseNow() {
            if (context.untrack(this)) {
                released = true;
                clReleaseMemObject(mem);
            }
        }
    }
}
