package org.lamina.benchmarks;

import java.util.concurrent.TimeUnit;
import org.lamina.bench.Catalog;
import org.lamina.bench.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every layer workload of the {@link Catalog} (batch 32: the PyTorch peer script's shapes, batch norm,
 * GEMM, dense), forward and forward+backward, on each device. Throughput in calls per second; the
 * {@link Rates} counters give GFLOP/s, GB/s (memory-bound ops) and images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerBenchmark extends WorkloadBenchmark {
    /** The names of {@link Catalog#layers} (a test keeps the two lists equal). */
    @Param({"conv3x3_3to64_32x32", "conv3x3_64to64_32x32", "conv3x3_128to128_16x16", "conv3x3_256to256_8x8",
        "conv3x3_s2_64to128_32x32", "conv1x1_256to64_16x16", "dwconv3x3_128ch_32x32", "conv3x3_d2_64to64_32x32",
        "convT4x4_s2_64to32_16to32", "maxpool3x3_s2_64x32x32", "lrn5_64x32x32", "batchnorm_64x32x32",
        "gemm_256x1024x1024", "dense_400to120"})
    public String workload;

    @Override
    protected Workload workload() {
        return Catalog.find(Catalog.layers(Catalog.LAYER_BATCH), workload);
    }

    @Benchmark
    public void forward(Rates rates) {
        instance.forward();
        rates.add(work, Workload.Pass.FORWARD);
    }

    @Benchmark
    public void forwardBackward(Rates rates) {
        instance.forwardBackward();
        rates.add(work, Workload.Pass.FORWARD_BACKWARD);
    }
}
