package org.lamina.backend.opencl;

import org.lamina.opencl.Buffer;
import org.lamina.tensor.Storage;

/** Values in an OpenCL device buffer. */
public final class BufferStorage extends Storage {
    private final Buffer buffer;

    public BufferStorage(Buffer buffer) {
        this.buffer = buffer;
    }

    public Buffer buffer() {
        return buffer;
    }

    @Override
    public long size() {
        return buffer.floats();
    }

    @Override
    protected void free() {
        buffer.close();
    }
}
