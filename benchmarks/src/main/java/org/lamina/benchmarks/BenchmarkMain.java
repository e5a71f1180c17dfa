package org.lamina.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lamina.bench.BenchDevice;
import org.lamina.bench.Catalog;
import org.lamina.bench.Workload;
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
 * ({@code ./lamina benchmark}) preloads {@code libjsig.so} there, as pocl needs (docs/signals.md);
 * started without it, this main restarts itself with {@code libjsig.so} preloaded.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /** JMH's command line ({@code -h} lists it), with the defaults above. */
    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        preloadJsig(args);
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
        new Runner(options.build()).run();
    }

    /**
     * Without {@code libjsig.so} in {@code LD_PRELOAD} (the jar started without the launcher), starts
     * this main again in a JVM that has it, so that it and every JMH fork (which inherit the
     * environment) keep their signal handlers under pocl. Returns normally when nothing was needed.
     */
    private static void preloadJsig(String[] args) throws IOException, InterruptedException {
        String preload = System.getenv("LD_PRELOAD");
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if ((preload != null && preload.contains("libjsig")) || !Files.isRegularFile(jsig)) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchmarkMain.class.getName());
        command.addAll(List.of(args));
        System.err.println("benchmark: restarting with LD_PRELOAD=" + jsig + " (docs/signals.md)");
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("LD_PRELOAD", jsig + (preload == null || preload.isBlank() ? "" : ":" + preload));
        System.exit(pb.start().waitFor());
    }
}
