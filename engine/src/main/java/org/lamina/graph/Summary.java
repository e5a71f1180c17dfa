package org.lamina.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lamina.layers.FlattenLayer;

/**
 * A network's summary: every node with its output shape, parameter count, activation memory per
 * example and receptive field, and the totals (parameters, forward memory per example). The memory
 * of a node is that of its output activation in float32; a node whose output is a view of its
 * input ({@code flatten}) costs none.
 */
public record Summary(String network, List<Row> rows, long parameters, long stateValues, long forwardBytes) {

    /**
     * One node.
     *
     * @param receptiveH rows of the input that one output value depends on; -1 for all of them
     * @param receptiveW columns likewise
     */
    public record Row(String name, String type, int[] shape, long parameters, long bytes, int receptiveH,
            int receptiveW) {
    }

    static Summary of(Network net) {
        Map<String, ReceptiveField> field = ReceptiveField.of(net);
        List<Row> rows = new ArrayList<>();
        long params = 0, state = 0, bytes = 0;
        for (Network.NodeInfo n : net.nodes()) {
            ReceptiveField rf = field.get(n.name());
            long p = 0;
            for (ParamSpec s : n.params()) {
                if (s.trainable()) {
                    p += s.size();
                } else {
                    state += s.size();
                }
            }
            params += p;
            long b = n.isInput() || !(n.layer() instanceof FlattenLayer) ? 4 * n.size() : 0;
            bytes += b;
            rows.add(new Row(n.name(), n.isInput() ? "input" : n.layer().type(), n.shape(), p, b,
                    rf.rows(), rf.columns()));
        }
        return new Summary(net.name(), List.copyOf(rows), params, state, bytes);
    }

    /** The summary as a text table. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-22s %-20s %-18s %14s %12s %12s%n";
        sb.append(String.format(fmt, "node", "type", "output", "parameters", "memory", "receptive"));
        for (Row r : rows) {
            sb.append(String.format(fmt, r.name(), r.type(), Network.shapeText(r.shape()), String.format("%,d", r.parameters()),
                    bytes(r.bytes()), r.receptiveH() < 0 ? "all" : r.receptiveH() + "x" + r.receptiveW()));
        }
        sb.append(String.format("%nparameters: %,d (%s as float32)%s%n", parameters, bytes(4 * parameters),
                stateValues > 0 ? String.format(", plus %,d values of state", stateValues) : ""));
        sb.append(String.format("forward activations: %s per example (float32; about twice that when training)%n",
                bytes(forwardBytes)));
        return sb.toString();
    }

    /** Bytes in decimal units, the way the well-known tables count them (VGG-16: about 96 MB). */
    static String bytes(long b) {
        if (b >= 1_000_000) {
            return String.format("%.1f MB", b / 1e6);
        }
        if (b >= 1_000) {
            return String.format("%.1f kB", b / 1e3);
        }
        return b + " B";
    }
}
