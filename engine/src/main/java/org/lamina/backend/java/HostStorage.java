package org.lamina.backend.java;

import org.lamina.tensor.Storage;

/** Values in a Java array on the heap. */
public final class HostStorage extends Storage {
    private float[] data;

    public HostStorage(float[] data) {
        this.data = data;
    }

    /** The values, shared (not copied). */
    public float[] data() {
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
        data = null; // the garbage collector does the rest
    }
}
