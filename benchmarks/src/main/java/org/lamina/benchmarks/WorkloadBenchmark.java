package org.lamina.benchmarks;

import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.bench.Workload;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the benchmarks of catalog workloads share: the device parameter, and one prepared instance of
 * the workload per trial, released after it.
 */
@State(Scope.Benchmark)
public abstract class WorkloadBenchmark {
    /** {@code java} or an OpenCL device as {@code --device} takes it; {@link BenchmarkMain} lists every device. */
    @Param({"java"})
    public String device;

    /** The workload timed. */
    protected Workload work;
    /** Its tensors on {@link #backend}. */
    protected Workload.Instance instance;
    private Backend backend;

    /** The catalog workload this trial times. */
    protected abstract Workload workload();

    @Setup(Level.Trial)
    public void prepare() {
        backend = Backends.open(device);
        work = workload();
        instance = work.prepare(backend, 42);
    }

    @TearDown(Level.Trial)
    public void release() {
        instance.close();
        backend.close();
    }
}
