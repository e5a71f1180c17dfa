package org.lamina.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a tensor's values live: host memory or a device buffer, owned by one backend. Shared by a
 * tensor and its reshaped views; freed when the last of them is closed.
 */
@ProviderType
public abstract class Storage {
    private final AtomicInteger references = new AtomicInteger(1);

    /** Number of float32 values. */
    public abstract long size();

    /** Frees the memory; called once, when the last tensor using it is closed. */
    protected abstract void free();

    /** Whether the memory was freed. */
    public boolean freed() {
        return references.get() <= 0;
    }

    /** Whether more than one tensor (views) uses this storage. */
    boolean shared() {
        return references.get() > 1;
    }

    void retain() {
        references.updateAndGet(r -> {
            if (r <= 0) {
                throw new IllegalStateException("tensor storage was already released");
            }
            return r + 1;
        });
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            free();
        }
    }
}
