package org.lamina.benchmarks;

import java.util.List;
import org.lamina.bench.BenchDevice;
import org.lamina.bench.Catalog;
import org.lamina.bench.Workload;
import org.lamina.opencl.Devices;
import org.lamina.registry.Registry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmark jar's entry point: JMH's command line, with two defaults of its own. Without
 * {@code -p device=...} every benchmark runs on every OpenCL device found and on the Java backend;
 * without {@code -p step=...} the training steps are those whose architecture the registry has
 * (ResNet-18 comes from a plugin that may be absent).
 *
 * <p>JMH runs each benchmark in a forked JVM, which inherits this JVM's environment: the launcher
 * ({@code ./lamina benchmark}) preloads {@code libjsig.so} there, as pocl needs (docs/signals.md).
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
                || cli.shouldListResultFormats()) {
            // JMH's own main prints these.
            org.openjdk.jmh.Main.main(args);
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (!cli.getParameter("device").hasValue()) {
            options.param("device", BenchDevice.all().toArray(String[]::new));
        }
        if (!cli.getParameter("step").hasValue()) {
            List<String> steps = Catalog.training(Registry.fromClassPath(), Catalog.LENET_BATCH, Catalog.RESNET_BATCH)
                    .stream().map(Workload::name).toList();
            if (!steps.isEmpty()) {
                options.param("step", steps.toArray(String[]::new));
            }
        }
        String preload = System.getenv("LD_PRELOAD");
        if (!Devices.all().isEmpty() && (preload == null || !preload.contains("libjsig"))) {
            System.err.println("benchmark: warning: libjsig.so is not preloaded; pocl may crash the forked JVMs."
                    + " Run through ./lamina benchmark (docs/signals.md).");
        }
        new Runner(options.build()).run();
    }
}
