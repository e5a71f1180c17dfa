package org.lamina.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.bench.BenchDevice;
import org.lamina.bench.BenchReport;
import org.lamina.bench.Catalog;
import org.lamina.bench.Measurement;
import org.lamina.bench.Timing;
import org.lamina.bench.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina bench}: runs the benchmark catalog ({@link Catalog}) on each device and prints a
 * table of times and rates, written also as {@code bench.csv} and {@code bench.png}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Time every op of the benchmark catalog (the PyTorch peer script's layer shapes, batch norm, GEMM, dense,",
    "LeNet-5 and ResNet-18 training steps) on each device; print a table and write bench.csv and bench.png."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;

    @Option(names = "--device", paramLabel = "D", split = ",",
            description = "Devices to run on (index, type, name, or java), comma-separated or repeated. "
                    + "Default: every OpenCL device, then the Java backend.")
    List<String> devices;

    @Option(names = "--quick", description = "Batch 2 layers, a small LeNet-5 step, no ResNet-18, short timing.")
    boolean quick;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Only these workloads, by name or family (conv, conv_transpose, max_pool, lrn, "
                    + "batch_norm, gemm, dense, train).")
    List<String> only;

    @Option(names = "--out", defaultValue = "bench", paramLabel = "DIR",
            description = "Folder for bench.csv and bench.png. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--kernel-cache", paramLabel = "DIR", hidden = true,
            description = "Kernel binary cache folder instead of LAMINA_KERNEL_CACHE or ~/.cache/lamina/kernels.")
    Path kernelCache;

    @Override
    public Integer call() throws IOException {
        List<Workload> catalog = quick ? Catalog.quick(shell.registry()) : Catalog.standard(shell.registry());
        if (only != null && !only.isEmpty()) {
            List<Workload> chosen = catalog.stream()
                    .filter(w -> only.contains(w.name()) || only.contains(w.family())).toList();
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("--only " + String.join(",", only) + " matches no workload; known: "
                        + String.join(", ", catalog.stream().map(Workload::name).toList()));
            }
            catalog = chosen;
        }
        List<String> specs = devices != null && !devices.isEmpty() ? devices : BenchDevice.all();
        List<Measurement> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String spec : specs) {
            rows.addAll(runOn(spec.strip(), catalog, notes));
        }
        System.out.print(BenchReport.table(rows));
        notes.forEach(System.out::println);
        Files.createDirectories(out);
        BenchReport.writeCsv(out.resolve("bench.csv"), rows);
        BenchReport.writeChart(out.resolve("bench.png"), rows);
        System.out.println("Wrote " + out.resolve("bench.csv") + " and " + out.resolve("bench.png") + ".");
        return 0;
    }

    private List<Measurement> runOn(String spec, List<Workload> catalog, List<String> notes) {
        boolean java = spec.equalsIgnoreCase(Backends.JAVA);
        // The Java backend is a reference in double precision, far slower: fewer timed runs there.
        Timing timing = quick ? Timing.QUICK : java ? new Timing(1, 3, 0.5, 50) : Timing.STANDARD;
        List<Measurement> rows = new ArrayList<>();
        try (BenchDevice d = BenchDevice.open(spec, Optional.ofNullable(kernelCache))) {
            run(d.backend(), d.id(), d.name(), d.peakGflops(), catalog, timing, rows);
            d.kernelReport().ifPresent(notes::add);
        }
        return rows;
    }

    private static void run(Backend b, String device, String name, OptionalDouble peak, List<Workload> catalog,
            Timing timing, List<Measurement> rows) {
        for (Workload w : catalog) {
            try (Workload.Instance inst = w.prepare(b, 42)) {
                for (Workload.Pass pass : Workload.Pass.values()) {
                    rows.add(new Measurement(w, pass, device, name, timing.measure(inst, pass), peak));
                }
            }
            System.err.println("bench: " + w.name() + " on " + device + " done");
        }
    }
}
