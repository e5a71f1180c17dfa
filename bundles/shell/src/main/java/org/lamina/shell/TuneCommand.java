package org.lamina.shell;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.tuning.Tuner;
import org.lamina.opencl.tuning.TuningDatabase;
import org.lamina.opencl.tuning.TuningStore;
import org.lamina.opencl.tuning.TuningTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lamina tune}: searches the GEMM tiles and the convolution algorithms of a device and stores
 * the best in its tuning file, which every later run on that device loads.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, description = "Tune GEMM tiles and convolution algorithms for a device and store them "
        + "(LAMINA_TUNING_DIR, default ~/.cache/lamina/tuning/<device-id>.json).")
final class TuneCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "D",
            description = "Device index, type (gpu, cpu, accelerator) or name substring. "
                    + "Default: LAMINA_DEVICE, else the first GPU, else the first CPU.")
    String device;

    @Option(names = "--quick", description = "Fewer candidates and smaller shapes: about a minute on a CPU.")
    boolean quick;

    @Option(names = "--batch", paramLabel = "N", description = "Batch of the convolutions timed (default 16, quick 4).")
    Integer batch;

    @Option(names = "--show", description = "Print the device's stored table and exit.")
    boolean show;

    @Override
    public Integer call() {
        Device d = device != null ? Devices.select(device) : Devices.preferred()
                .orElseThrow(() -> new IllegalArgumentException("tune: no OpenCL device to tune; "
                        + Devices.problem().orElse("none found")));
        TuningStore store = TuningStore.fromEnvironment();
        if (show) {
            TuningTable t = store.load(d).orElseThrow(() -> new IllegalArgumentException("tune: " + d
                    + " has no tuning file (" + store.file(d) + "); run 'lamina tune'"));
            print(t);
            System.out.println(TuningDatabase.forDevice(d, store).describe());
            return 0;
        }
        int n = batch != null ? batch : quick ? 4 : 16;
        if (n < 1) {
            throw new IllegalArgumentException("tune: --batch " + n + " must be at least 1");
        }
        System.out.println("Tuning " + d + (quick ? " (quick)" : "") + ", convolutions at batch " + n);
        System.out.println("Until now " + TuningDatabase.forDevice(d, store).describe());
        long t0 = System.nanoTime();
        TuningTable table;
        try (ClContext ctx = ClContext.create(d)) {
            Tuner tuner = new Tuner(ctx, line -> System.out.println("  " + line), quick ? 2 : 3);
            table = tuner.tune(Tuner.gemmCandidates(d, quick), Tuner.standardShapes(n, quick));
        }
        Path file = store.save(d, table);
        print(table);
        System.out.printf("Stored in %s (%.0f s). Later runs on this device load it; the same file can be added "
                + "to the tuning database (docs/tuning-database.md).%n", file,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static void print(TuningTable t) {
        System.out.println("For: " + t.key() + " (" + t.device().level() + ")");
        if (t.tunedOn() != null) {
            System.out.println("Tuned on: " + t.tunedOn());
        }
        for (Map.Entry<String, Map<String, Object>> f : new TreeMap<>(t.parameters()).entrySet()) {
            System.out.println(f.getKey() + ": " + new TreeMap<>(f.getValue()));
        }
        String row = "%-42s %-15s %-15s %-15s%n";
        System.out.printf(row, "shape class", "forward", "backward data", "backward filter");
        for (Map.Entry<String, ConvChoice> e : new TreeMap<>(t.conv()).entrySet()) {
            ConvChoice c = e.getValue();
            System.out.printf(row, e.getKey(), c.forward(), c.backwardData(), c.backwardFilter());
        }
        if (t.created() != null) {
            System.out.println("Tuned " + t.created() + ".");
        }
    }
}
