package org.lamina.onnx;

import java.util.IdentityHashMap;
import java.util.Map;
import org.lamina.onnx.proto.OnnxProto.NodeProto;

/** Makes the one-line errors of an import: the file, the node (name, index, operator), what is wrong. */
final class Problems {
    private final String source;
    private final Map<NodeProto, Integer> index = new IdentityHashMap<>();

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
        return new IllegalArgumentException(printable(source + ": " + what));
    }

    IllegalArgumentException node(NodeProto n, String what) {
        return new IllegalArgumentException(printable(source + ": " + describe(n) + " " + what));
    }

    String describe(NodeProto n) {
        Integer i = index.get(n);
        String name = n.getName().isEmpty() ? "#" + i : "'" + shortened(n.getName()) + "'";
        String op = n.getOpType().isEmpty() ? "no operator" : shortened(n.getOpType());
        return "node " + name + " (" + op + (i != null && !n.getName().isEmpty() ? ", #" + i : "") + ")";
    }

    /** Names from a damaged file can be long or hold line breaks: the message stays one readable line. */
    static String shortened(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                sb.append(String.format("\\x%02x", c & 0xff));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
