package org.lamina.tensor;

import java.util.function.Supplier;
import org.lamina.backend.Backend;

/**
 * A float32 tensor: a {@link Shape} and values that live on one {@link Backend}'s device (host
 * memory for the Java backend, a device buffer for OpenCL). Tensors are made by backends; close a
 * tensor to free its memory at once (views made by {@link #reshape} share it and keep it alive).
 */
public final class Tensor implements AutoCloseable {
    private final Shape shape;
    private final Backend backend;
    private final Storage storage;
    private boolean closed;

    /** For backends: wraps {@code storage}, which must hold {@code shape.size()} values. */
    public Tensor(Shape shape, Backend backend, Storage storage) {
        if (storage.size() < shape.size()) {
            throw new IllegalArgumentException("storage of " + storage.size() + " values cannot hold shape " + shape);
        }
        this.shape = shape;
        this.backend = backend;
        this.storage = storage;
    }

    public Shape shape() {
        return shape;
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return shape.dims();
    }

    public int dim(int i) {
        return shape.dim(i);
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return shape.size();
    }

    public Backend backend() {
        return backend;
    }

    /** Where the values live, e.g. {@code host} or {@code opencl #0 pthread-skylake}. */
    public String location() {
        return backend.device();
    }

    /** The storage, checked to be alive; backends reach it through {@link Storage#storageOf}. */
    Storage storage() {
        if (closed || storage.freed()) {
            throw new IllegalStateException("tensor " + shape + " on " + location() + " was closed");
        }
        return storage;
    }

    /** Copies the values to a new host array. */
    public float[] toArray() {
        return backend.read(this);
    }

    /**
     * Queues a copy of the values to the host without waiting; see {@link Backend#readLater}. The
     * supplier's {@code get()} waits for the copy.
     */
    public Supplier<float[]> readLater() {
        return backend.readLater(this);
    }

    /** A view with other dimensions and the same values; nothing is copied. */
    public Tensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: " + shape + " has " + shape.size() + " elements, " + s
                    + " has " + s.size());
        }
        storage().retain();
        return new Tensor(s, backend, storage);
    }

    /**
     * Whether other tensors (views made by {@link #reshape}) share these values; an in-place update
     * would change them too.
     */
    public boolean sharesStorage() {
        return storage().shared();
    }

    public boolean closed() {
        return closed;
    }

    /** Releases this tensor's hold on its storage; closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            storage.release();
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape + " on " + location();
    }
}
