package org.lamina.backend.opencl;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;

/**
 * Device buffers of freed tensors, kept for the next tensor of the same size: a training step
 * allocates the same sizes every time, so after the first step it allocates nothing. Holds at most
 * a quarter of the device's memory (and at most 1 GiB); beyond that, freed buffers are released.
 */
final class BufferPool {
    private final ClContext context;
    private final Map<Long, ArrayDeque<Buffer>> free = new HashMap<>();
    private final long limitBytes;
    private long pooledBytes;

    BufferPool(ClContext context) {
        this.context = context;
        this.limitBytes = Math.min(context.device().globalMemBytes() / 4, 1L << 30);
    }

    /** A buffer of {@code floats} values, contents undefined. */
    synchronized Buffer take(long floats) {
        ArrayDeque<Buffer> q = free.get(floats);
        if (q != null && !q.isEmpty()) {
            pooledBytes -= 4 * Math.max(floats, 1);
            return q.pop();
        }
        return context.allocate(floats);
    }

    /** Returns a buffer for reuse, or releases it when the pool is full. */
    synchronized void give(Buffer b) {
        long bytes = 4 * Math.max(b.floats(), 1);
        if (pooledBytes + bytes > limitBytes || b.released()) {
            b.close();
            return;
        }
        free.computeIfAbsent(b.floats(), k -> new ArrayDeque<>()).push(b);
        pooledBytes += bytes;
    }

    /** Bytes held for reuse. */
    synchronized long pooledBytes() {
        return pooledBytes;
    }

    /** Releases every pooled buffer. */
    synchronized void clear() {
        free.values().forEach(q -> q.forEach(Buffer::close));
        free.clear();
        pooledBytes = 0;
    }
}
