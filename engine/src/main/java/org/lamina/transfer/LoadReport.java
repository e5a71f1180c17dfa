package org.lamina.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What loading weights into a network did, tensor by tensor: each was loaded, or skipped for a reason.
 *
 * @param source the weights file, for messages
 * @param network the network's name
 * @param loaded the tensors loaded, with the dtype each had in the file
 * @param skipped the tensors of the network or the file that were not loaded, each with why
 * @param prefix what was taken off every name of the file, or empty
 */
public record LoadReport(String source, String network, List<Loaded> loaded, List<Skipped> skipped, String prefix) {

    /** A tensor loaded: its name, shape and dtype in the file (converted to float32 unless F32). */
    public record Loaded(String name, int[] shape, String dtype) {
        public boolean converted() {
            return !dtype.equals("F32");
        }
    }

    /** Why a tensor was not loaded. */
    public enum Reason {
        /** In the network, not in the file: the network's value stays (its initial value in a new model). */
        MISSING("missing in the file, left at its initial values"),
        /** In the file, not in the network. */
        UNEXPECTED("unexpected in the file, not in the network"),
        /** In both with different shapes. */
        SHAPE("shape mismatch, left at its initial values"),
        /** A parameter of the classifier head with another number of classes: initialized anew. */
        HEAD("classifier head of another shape, initialized anew"),
        /** A batch norm's {@code num_batches_tracked}: Lamina keeps no counter (PyTorch uses it only with momentum=None). */
        COUNTER("batch-norm counter, Lamina keeps none");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * A tensor not loaded.
     *
     * @param fileShape its shape in the file, null when not there
     * @param networkShape its shape in the network, null when not there
     */
    public record Skipped(String name, Reason reason, int[] fileShape, int[] networkShape) {
        @Override
        public String toString() {
            String shapes = switch (reason) {
                case SHAPE, HEAD -> " (file " + Arrays.toString(fileShape) + ", network " + Arrays.toString(networkShape)
                        + ")";
                case MISSING -> " " + Arrays.toString(networkShape);
                default -> " " + Arrays.toString(fileShape);
            };
            return name + shapes + ": " + reason.text();
        }
    }

    public LoadReport {
        loaded = List.copyOf(loaded);
        skipped = List.copyOf(skipped);
    }

    /** The skipped tensors of one reason. */
    public List<Skipped> skipped(Reason reason) {
        return skipped.stream().filter(s -> s.reason() == reason).toList();
    }

    /** The loaded tensors whose dtype was converted. */
    public List<Loaded> converted() {
        return loaded.stream().filter(Loaded::converted).toList();
    }

    /** One line: how many tensors were loaded and skipped, and why. */
    public String summary() {
        StringBuilder sb = new StringBuilder("loaded " + loaded.size() + " tensors of " + source + " into " + network);
        List<String> parts = new ArrayList<>();
        Map<String, Long> byDtype = new TreeMap<>();
        converted().forEach(l -> byDtype.merge(l.dtype(), 1L, Long::sum));
        if (!byDtype.isEmpty()) {
            List<String> from = new ArrayList<>();
            byDtype.forEach((d, n) -> from.add(n + " from " + d));
            parts.add("converted to float32: " + String.join(", ", from));
        }
        for (Reason r : Reason.values()) {
            int n = skipped(r).size();
            if (n > 0) {
                parts.add(n + " " + switch (r) {
                    case MISSING -> "missing in the file";
                    case UNEXPECTED -> "unexpected in the file";
                    case SHAPE -> "of another shape";
                    case HEAD -> "of the classifier head replaced";
                    case COUNTER -> "batch-norm counters ignored";
                });
            }
        }
        if (!prefix.isEmpty()) {
            parts.add("'" + prefix + "' taken off every name");
        }
        return sb + (parts.isEmpty() ? "" : "; " + String.join("; ", parts));
    }

    /** The summary, then a line per skipped tensor (counters aside: they are many and all alike). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(summary());
        for (Skipped s : skipped) {
            if (s.reason() != Reason.COUNTER) {
                out.add("  skipped " + s);
            }
        }
        return out;
    }
}
