package org.lamina.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.bench.BenchDevice;
import org.lamina.bench.BenchReport;
import org.lamina.bench.BenchJoin;
import org.lamina.bench.Catalog;
import org.lamina.bench.DeviceInfo;
import org.lamina.bench.HostInfo;
import org.lamina.bench.Measurement;
import org.lamina.bench.Timing;
import org.lamina.bench.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina bench}: runs the benchmark catalog ({@link Catalog}) on each device and prints a
 * table of times and rates, written also as {@code bench.csv} (with the platform, driver and host of
 * each row) and {@code bench.png}; or, with {@code --join}, joins the {@code bench.csv} files of
 * several machines into one table and chart ({@link BenchJoin}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Time every op of the benchmark catalog (the PyTorch peer script's layer shapes, batch norm, GEMM, dense,",
    "LeNet-5 and ResNet-18 training steps) on each device; print a table and write bench.csv and bench.png.",
    "With --join, run nothing: join the bench.csv files of several machines or sessions into one table,",
    "device beside device (join.md, join.csv, join.png)."})
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
            description = "Folder for bench.csv and bench.png (with --join: join.md, join.csv, join.png). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--join", arity = "1..*", paramLabel = "CSV",
            description = "Join these bench.csv files (of several machines or sessions; a folder stands for its "
                    + "bench.csv) into one table: op by op, "
                    + "each device's median ms over its sessions with the range, its rate, and its speed relative "
                    + "to the first device. Runs no benchmark; --only filters the rows.")
    List<Path> join;

    @Option(names = "--kernel-cache", paramLabel = "DIR", hidden = true,
            description = "Kernel binary cache folder instead of LAMINA_KERNEL_CACHE or ~/.cache/lamina/kernels.")
    Path kernelCache;

    @Override
    public Integer call() throws IOException {
        if (join != null && !join.isEmpty()) {
            return join();
        }
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
        HostInfo host = HostInfo.current();
        for (String spec : specs) {
            rows.addAll(runOn(spec.strip(), catalog, host, notes));
        }
        System.out.print(BenchReport.table(rows));
        notes.forEach(System.out::println);
        Files.createDirectories(out);
        BenchReport.writeCsv(out.resolve("bench.csv"), rows);
        BenchReport.writeChart(out.resolve("bench.png"), rows);
        System.out.println("Wrote " + out.resolve("bench.csv") + " and " + out.resolve("bench.png") + ".");
        return 0;
    }

    private int join() throws IOException {
        if ((devices != null && !devices.isEmpty()) || quick) {
            throw new IllegalArgumentException("--join reads bench.csv files and runs nothing: "
                    + "--device and --quick do not apply to it");
        }
        BenchJoin joined = BenchJoin.of(join, only == null ? List.of() : only);
        System.out.print(joined.markdown());
        Files.createDirectories(out);
        joined.writeMarkdown(out.resolve("join.md"));
        joined.writeCsv(out.resolve("join.csv"));
        joined.writeChart(out.resolve("join.png"));
        System.out.println("Wrote " + out.resolve("join.md") + ", " + out.resolve("join.csv") + " and "
                + out.resolve("join.png") + ".");
        return 0;
    }

    private List<Measurement> runOn(String spec, List<Workload> catalog, HostInfo host, List<String> notes) {
        boolean java = spec.equalsIgnoreCase(Backends.JAVA);
        // The Java backend is a reference in double precision, far slower: fewer timed runs there.
        Timing timing = quick ? Timing.QUICK : java ? new Timing(1, 3, 0.5, 50) : Timing.STANDARD;
        List<Measurement> rows = new ArrayList<>();
        try (BenchDevice d = BenchDevice.open(spec, Optional.ofNullable(kernelCache))) {
            run(d.backend(), d.info(), host, catalog, timing, rows);
            d.kernelReport().ifPresent(notes::add);
        }
        return rows;
    }

    private static void run(Backend b, DeviceInfo device, HostInfo host, List<Workload> catalog, Timing timing,
            List<Measurement> rows) {
        for (Workload w : catalog) {
            try (Workload.Instance inst = w.prepare(b, 42)) {
                for (Workload.Pass pass : Workload.Pass.values()) {
                    rows.add(new Measurement(w, pass, device, host, timing.measure(inst, pass)));
                }
            }
            System.err.println("bench: " + w.name() + " on " + device.id() + " done");
        }
    }
}
