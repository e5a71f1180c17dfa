package org.lamina.backend.java;

import org.lamina.tensor.MemoryMeter;
import org.lamina.tensor.Storage;
import org.lamina.tensor.Tensor;

/** Values in a Java array on the heap. */
final class HostStorage extends Storage {
    private float[] data;
    private final MemoryMeter meter;

    HostStorage(float[] data, MemoryMeter meter) {
        this.data = data;
        this.meter = meter;
        meter.allocated(4L * data.length);
    }

    /** The values of {@code t}, a tensor of the Java backend, shared (not copied). */
    static float[] data(Tensor t) {
        return ((HostStorage) Storage.storageOf(t)).data();
    }

    /** The values, shared (not copied). */
    float[] data() {
        if (data == null) {
            throw new IllegalStateException("host tensor was already released");
        }
        return data;
    }

    @Override
    public long size() {
        return data == null ? 0 : data.length;
    }

    @Override
    protected void free() {
        meter.freed(4L * data.length);
        data = null; // the garbage collector does the rest
    }
}
