package org.lamina.shell;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.golden.CaseResult;
import org.lamina.golden.Conformance;
import org.lamina.golden.GoldenSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina verify}: runs a directory of reference cases on a device, one line per case, and
 * exits with 1 when any fails. This is how a user checks a new device or driver. Cases of plugins'
 * layer types (their {@code op} is the type's name) run too.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Run reference cases (golden-vector format, see FORMAT.md) on a device; plugins' layer types included.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    Shell shell;

    @Option(names = "--golden", required = true, paramLabel = "DIR",
            description = "Directory of reference cases (index.json and one folder per case).")
    Path golden;

    @Option(names = "--device", paramLabel = "D",
            description = "Device index, type (gpu, cpu, accelerator), name substring, or 'java'. "
                    + "Default: LAMINA_DEVICE, else the first GPU, else the first CPU.")
    String device;

    @Mixin
    StrictOption strictMode;

    @Override
    public Integer call() {
        GoldenSet set = GoldenSet.open(golden);
        Conformance conformance = Conformance.withLayerTypes(shell.registry());
        try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device)) {
            System.out.println("Verifying " + set.cases().size() + " cases of " + set.dir() + " on " + backend.device());
            String row = "%-44s %-20s %11s %11s  %s%n";
            System.out.printf(row, "case", "op", "max abs", "max rel", "result");
            int[] counts = new int[3];
            Map<String, Integer> unsupported = new TreeMap<>();
            conformance.run(set, backend, r -> {
                counts[r.status().ordinal()]++;
                if (r.status() == CaseResult.Status.SKIP && !conformance.supports(r.op())) {
                    unsupported.merge(r.op(), 1, Integer::sum);
                }
                System.out.printf(row, r.name(), r.op(), number(r.maxAbsError()), number(r.maxRelError()),
                        r.status() + (r.detail().isEmpty() ? "" : "  " + r.detail()));
            });
            if (!unsupported.isEmpty()) {
                // Not failures: a set may hold cases of ops this version (or its plugins) lacks.
                System.out.printf("not supported (skipped, not failed): %d cases of ops Lamina does not implement %s%n",
                        unsupported.values().stream().mapToInt(Integer::intValue).sum(), unsupported.keySet());
            }
            System.out.printf("%d passed, %d failed, %d skipped%n", counts[CaseResult.Status.PASS.ordinal()],
                    counts[CaseResult.Status.FAIL.ordinal()], counts[CaseResult.Status.SKIP.ordinal()]);
            return counts[CaseResult.Status.FAIL.ordinal()] > 0 ? 1 : 0;
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3e", v);
    }
}
