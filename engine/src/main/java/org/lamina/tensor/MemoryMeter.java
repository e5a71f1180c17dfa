package org.lamina.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of tensor memory a backend holds: in use by live tensors now, and the peak since the last
 * {@link #resetPeak()}. The executor's memory planning shows here: a training step's peak should
 * be the same every step.
 */
public final class MemoryMeter {
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /** Records an allocation of {@code bytes}. */
    public void allocated(long bytes) {
        long now = inUse.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
    }

    /** Records that {@code bytes} were freed. */
    public void freed(long bytes) {
        inUse.addAndGet(-bytes);
    }

    /** Bytes held by live tensors. */
    public long inUse() {
        return inUse.get();
    }

    /** The most bytes held at once since the last reset. */
    public long peak() {
        return peak.get();
    }

    /** Starts a new peak measurement from the current use. */
    public void resetPeak() {
        peak.set(inUse.get());
    }
}
