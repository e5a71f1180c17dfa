package org.lamina.opencl;

import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clWaitForEvents;

import java.nio.ByteBuffer;
import org.jocl.cl_event;

/**
 * A copy from a device buffer to the host that was queued without waiting for it
 * ({@link ClContext#readLater}): the host goes on queueing work while the device catches up, and
 * {@link #await()} waits only for the commands queued before the read. A read that is never awaited
 * is safe (its context keeps the host memory until the device has written it) but keeps its event.
 */
public final class PendingRead {
    private final Staging staging;
    private final int count;
    private cl_event event;
    private ByteBuffer buffer;
    private float[] values;

    PendingRead(Staging staging, cl_event event, ByteBuffer buffer, int count) {
        this.staging = staging;
        this.event = event;
        this.buffer = buffer;
        this.count = count;
    }

    /** A read of nothing, or one whose values are already on the host. */
    static PendingRead done(float[] values) {
        PendingRead r = new PendingRead(null, null, null, values.length);
        r.values = values;
        return r;
    }

    /** The values, once the read has finished; waits for it the first time. */
    public synchronized float[] await() {
        if (values == null) {
            try {
                ClException.check(clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents(read of " + count
                        + " floats)");
                values = new float[count];
                buffer.asFloatBuffer().get(values);
            } finally {
                staging.forget(event);
                clReleaseEvent(event);
                staging.give(buffer);
                event = null;
                buffer = null;
            }
        }
        return values;
    }
}
