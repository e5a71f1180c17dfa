package org.lamina.benchmarks;

import java.util.concurrent.TimeUnit;
import org.lamina.bench.Catalog;
import org.lamina.bench.Workload;
import org.lamina.registry.Registry;
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
 * Whole training steps (forward, cross-entropy, backward, SGD with momentum) of the {@link Catalog}:
 * LeNet-5 on Fashion-MNIST-sized batches of 64 and ResNet-18 on CIFAR-sized batches of 32, found by
 * name in the plugin registry. {@code inference} is the forward pass alone. The {@link Rates}
 * counter {@code images} gives images per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingBenchmark extends WorkloadBenchmark {
    /** The catalog's training workloads; {@link BenchmarkMain} drops those whose architecture is not installed. */
    @Param({"train_lenet5_fmnist", "train_resnet18_cifar"})
    public String step;

    @Override
    protected Workload workload() {
        return Catalog.find(Catalog.training(Registry.fromClassPath(), Catalog.LENET_BATCH, Catalog.RESNET_BATCH),
                step);
    }

    @Benchmark
    public void trainingStep(Rates rates) {
        instance.forwardBackward();
        rates.add(work, Workload.Pass.FORWARD_BACKWARD);
    }

    @Benchmark
    public void inference(Rates rates) {
        instance.forward();
        rates.add(work, Workload.Pass.FORWARD);
    }
}
