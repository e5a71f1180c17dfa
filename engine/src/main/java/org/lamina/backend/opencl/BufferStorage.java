package org.lamina.backend.opencl;

import org.lamina.opencl.Buffer;
import org.lamina.tensor.MemoryMeter;
import org.lamina.tensor.Storage;
import org.lamina.tensor.Tensor;

/** Values in an OpenCL device buffer, which goes back to the backend's pool when freed. */
final class BufferStorage extends Storage {
    private final Buffer buffer;
    private final BufferPool pool;
    private final MemoryMeter meter;

    BufferStorage(Buffer buffer, BufferPool pool, MemoryMeter meter) {
        this.buffer = buffer;
        this.pool = pool;
        this.meter = meter;
        meter.allocated(4L * buffer.floats());
    }

    /** The buffer of {@code t}, a tensor of the OpenCL backend. */
    static Buffer buffer(Tensor t) {
        return ((BufferStorage) Storage.storageOf(t)).buffer;
    }

    @Override
    public long size() {
        return buffer.floats();
    }

    @Override
    protected void free() {
        meter.freed(4L * buffer.floats());
        pool.give(buffer);
    }
}
