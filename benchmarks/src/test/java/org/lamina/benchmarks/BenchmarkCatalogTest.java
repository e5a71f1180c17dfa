package org.lamina.benchmarks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.bench.Catalog;
import org.lamina.bench.Workload;
import org.lamina.registry.Registry;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH benchmarks cover the whole catalog and report their rates. */
class BenchmarkCatalogTest {

    private static List<String> params(Class<?> benchmark, String field) throws NoSuchFieldException {
        return Arrays.asList(benchmark.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void everyLayerOfTheCatalogIsABenchmarkParameter() throws NoSuchFieldException {
        List<String> catalog = Catalog.layers(Catalog.LAYER_BATCH).stream().map(Workload::name).toList();
        assertEquals(catalog, params(LayerBenchmark.class, "workload"));
        assertEquals(List.of("java"), params(LayerBenchmark.class, "device"));
    }

    @Test
    void everyTrainingStepOfTheCatalogIsABenchmarkParameter() throws NoSuchFieldException {
        List<String> steps = params(TrainingBenchmark.class, "step");
        List<Workload> installed = Catalog.training(Registry.fromClassPath(), Catalog.LENET_BATCH,
                Catalog.RESNET_BATCH);
        assertTrue(installed.stream().anyMatch(w -> w.name().equals("train_lenet5_fmnist")), installed.toString());
        installed.forEach(w -> assertTrue(steps.contains(w.name()), w.name()));
        // LeNet-5 per image: conv1 2*150*28*28, conv2 2*2400*10*10, dense 2*(400*120 + 120*84 + 84*10)
        Workload lenet = Catalog.find(installed, "train_lenet5_fmnist");
        assertEquals(64 * (235_200 + 480_000 + 117_840.0), lenet.forwardFlops());
        assertEquals(3 * lenet.forwardFlops(), lenet.trainFlops());
        assertEquals(List.of("train_lenet5_fmnist", "train_resnet18_cifar"), steps);
    }

    @Test
    void aShortRunReportsTimeAndRates() throws Exception {
        var options = new OptionsBuilder().include(LayerBenchmark.class.getName() + ".forwardBackward")
                .param("device", "java").param("workload", "dense_400to120").forks(0).warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(200)).shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(1, results.size());
        RunResult r = results.iterator().next();
        assertTrue(r.getPrimaryResult().getScore() > 0);
        Map<String, Result> secondary = r.getSecondaryResults();
        assertTrue(secondary.get("gflop").getScore() > 0, secondary.toString());
        assertTrue(secondary.get("images").getScore() > 0, secondary.toString());
        // dense is limited by arithmetic: no bytes counted
        assertEquals(0.0, secondary.get("gbyte").getScore(), secondary.toString());
    }
}
