package org.lamina.opencl;

import static org.jocl.CL.CL_COMPLETE;
import static org.jocl.CL.CL_EVENT_COMMAND_EXECUTION_STATUS;
import static org.jocl.CL.clGetEventInfo;
import static org.jocl.CL.clReleaseEvent;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * Host memory for transfers that do not wait: OpenCL reads from or writes to a host pointer some time
 * after the enqueue returns, so the pointer must be native memory that stays put until the command has
 * finished (a Java array may move or be collected). Direct buffers are kept with their command's event
 * while it is in flight, and reused once it has completed.
 */
final class Staging {
    /** Completed buffers kept for reuse; a few suffice for a pipeline one step deep. */
    private static final int KEEP = 8;

    /**
     * A transfer in flight. A write's buffer and event are Staging's to recycle and release; a read's
     * belong to its {@link PendingRead}, and the entry only keeps the buffer reachable until the device
     * has written it, even if the read is abandoned unawaited (say, by a training run that stopped).
     */
    private record InFlight(cl_event event, ByteBuffer buffer, boolean owned) {
    }

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final List<ByteBuffer> free = new ArrayList<>();

    /** A buffer of at least {@code bytes}, native byte order, position 0 and limit {@code bytes}. */
    synchronized ByteBuffer take(long bytes) {
        retireCompleted();
        int n = Math.toIntExact(bytes);
        for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
            ByteBuffer b = it.next();
            if (b.capacity() >= n) {
                it.remove();
                b.clear().limit(n);
                return b;
            }
        }
        return ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
    }

    /** Holds a write's {@code buffer} until {@code event} completes; the event is released then. */
    synchronized void hold(cl_event event, ByteBuffer buffer) {
        inFlight.add(new InFlight(event, buffer, true));
    }

    /** Keeps a read's {@code buffer} reachable until {@code event} completes; its PendingRead frees both. */
    synchronized void keep(cl_event event, ByteBuffer buffer) {
        inFlight.add(new InFlight(event, buffer, false));
    }

    /** A read has been awaited: its entry goes (its PendingRead then releases the event). */
    synchronized void forget(cl_event event) {
        inFlight.removeIf(f -> f.event == event);
    }

    /** Gives back a buffer whose transfer is known to be complete. */
    synchronized void give(ByteBuffer buffer) {
        if (free.size() < KEEP) {
            free.add(buffer);
        }
    }

    /** Everything queued so far has finished (after clFinish or a blocking transfer). */
    synchronized void allCompleted() {
        for (InFlight f : inFlight) {
            drop(f);
        }
        inFlight.clear();
    }

    /** Releases the transfers at the head of the queue that have completed (an in-order queue). */
    private void retireCompleted() {
        int[] status = new int[1];
        while (!inFlight.isEmpty()) {
            InFlight f = inFlight.peek();
            clGetEventInfo(f.event, CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, Pointer.to(status), null);
            if (status[0] != CL_COMPLETE && status[0] >= 0) {
                return; // queued, submitted or running; a negative status is an error, and it is over too
            }
            inFlight.poll();
            drop(f);
        }
    }

    private void drop(InFlight f) {
        if (f.owned) {
            clReleaseEvent(f.event);
            give(f.buffer);
        }
    }
}
