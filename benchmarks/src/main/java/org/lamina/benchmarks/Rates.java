package org.lamina.benchmarks;

import org.lamina.bench.Workload;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH secondary metrics: the work done per call, which JMH divides by time like the primary
 * throughput, so in the benchmarks' unit (per second) they read as GFLOP/s, GB/s and images/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Rates {
    /** Billions of floating-point operations done (0 for workloads that count none). */
    public double gflop;
    /** Billions of bytes moved, counted for memory-bound ops only. */
    public double gbyte;
    /** Examples processed. */
    public double images;

    /** JMH reads the counters at the end of each iteration: start each from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        gflop = 0;
        gbyte = 0;
        images = 0;
    }

    /** Counts one call of {@code pass} of {@code w}. */
    void add(Workload w, Workload.Pass pass) {
        boolean forward = pass == Workload.Pass.FORWARD;
        gflop += (forward ? w.forwardFlops() : w.trainFlops()) / 1e9;
        if (w.memoryBound()) {
            gbyte += (forward ? w.forwardBytes() : w.trainBytes()) / 1e9;
        }
        images += w.images();
    }
}
