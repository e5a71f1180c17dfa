package org.lamina.onnx;

import org.lamina.onnx.proto.OnnxProto.NodeProto;

/** Makes the one-line errors of an import: the file, the node (name, index, operator), what is wrong. */
final class Problems {
    private final String source;
    private final java.util.Map<NodeProto, Integer> index = new java.util.IdentityHashMap<>();

    Problems(String source) {
        this.source = source;
    }

    void number(NodeProto n, int i) {
        index.put(n, i);
    }

    String source() {
        return source;
    }

    IllegalArgumentException file(String what) {
        return new IllegalArgumentException(source + ": " + what);
    }

    IllegalArgumentException node(NodeProto n, String what) {
        return new IllegalArgumentException(source + ": " + describe(n) + " " + what);
    }

    String describe(NodeProto n) {
        Integer i = index.get(n);
        String name = n.getName().isEmpty() ? "#" + i : "'" + n.getName() + "'";
        return "node " + name + " (" + n.getOpType() + (i != null && !n.getName().isEmpty() ? ", #" + i : "") + ")";
    }
}
