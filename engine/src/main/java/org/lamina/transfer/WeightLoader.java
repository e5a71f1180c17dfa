package org.lamina.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Model;
import org.lamina.graph.Network;

/**
 * Loads {@link Weights} into a {@link Model} by name: every parameter and running statistic whose name
 * and shape match is set, everything else is reported ({@link LoadReport}). Lenient loading keeps the
 * model's values where the file has none or of another shape; strict loading refuses any difference
 * except a classifier head of another number of classes ({@link Heads}), which is what fine-tuning to
 * new classes needs. Batch norms' {@code num_batches_tracked} counters are ignored either way.
 */
public final class WeightLoader {
    static final String COUNTER = "num_batches_tracked";
    /** How many problems a strict refusal names before "and N more". */
    private static final int SHOWN = 6;

    private WeightLoader() {
    }

    /**
     * @param strict refuse missing, unexpected and mis-shaped tensors (not the head's)
     * @return what was loaded and skipped
     * @throws IllegalArgumentException in strict mode, naming the file, the network and the first
     *     differences with both shapes; also when nothing at all matches (another architecture's file)
     */
    public static LoadReport load(Model model, Weights weights, boolean strict) {
        LoadReport report = plan(model.network(), weights);
        String source = weights.file().toString();
        if (strict) {
            List<String> problems = new ArrayList<>();
            for (LoadReport.Skipped s : report.skipped()) {
                if (s.reason() != LoadReport.Reason.HEAD && s.reason() != LoadReport.Reason.COUNTER) {
                    problems.add(s.toString());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("weights " + source + " do not match " + model.network().name()
                        + " (strict): " + String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
                        + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : ""));
            }
        }
        if (report.loaded().isEmpty()) {
            List<String> some = weights.tensors().keySet().stream().limit(3).toList();
            throw new IllegalArgumentException("weights " + source + " have no tensor of " + model.network().name()
                    + " (names such as " + String.join(", ", some) + "; another architecture's weights?)");
        }
        for (LoadReport.Loaded l : report.loaded()) {
            model.assign(l.name(), weights.tensors().get(l.name()).values());
        }
        return report;
    }

    /** What loading would do, without changing anything. */
    public static LoadReport plan(Network net, Weights weights) {
        Map<String, SafeTensors.Entry> file = weights.tensors();
        Set<String> heads = Heads.of(net);
        List<LoadReport.Loaded> loaded = new ArrayList<>();
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Network.Param p : net.parameters()) {
            known.add(p.name());
            SafeTensors.Entry e = file.get(p.name());
            int[] want = p.spec().shape();
            if (e == null) {
                skipped.add(new LoadReport.Skipped(p.name(), LoadReport.Reason.MISSING, null, want));
            } else if (!Arrays.equals(e.shape(), want)) {
                boolean head = heads.contains(p.node().name());
                skipped.add(new LoadReport.Skipped(p.name(), head ? LoadReport.Reason.HEAD : LoadReport.Reason.SHAPE,
                        e.shape(), want));
            } else {
                loaded.add(new LoadReport.Loaded(p.name(), want, weights.dtypes().getOrDefault(p.name(), "F32")));
            }
        }
        for (Map.Entry<String, SafeTensors.Entry> e : file.entrySet()) {
            if (known.contains(e.getKey())) {
                continue;
            }
            boolean counter = e.getKey().equals(COUNTER) || e.getKey().endsWith("." + COUNTER);
            skipped.add(new LoadReport.Skipped(e.getKey(), counter ? LoadReport.Reason.COUNTER
                    : LoadReport.Reason.UNEXPECTED, e.getValue().shape(), null));
        }
        return new LoadReport(weights.file().toString(), net.name(), loaded, skipped, weights.prefix());
    }
}
