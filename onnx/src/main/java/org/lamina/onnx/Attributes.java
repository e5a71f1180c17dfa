package org.lamina.onnx;

import java.util.List;
import org.lamina.onnx.proto.OnnxProto.AttributeProto;
import org.lamina.onnx.proto.OnnxProto.NodeProto;
import org.lamina.onnx.proto.OnnxProto.TensorProto;

/** The attributes of one ONNX node, read with their defaults; a wrong kind of value is the file's error. */
final class Attributes {
    private final NodeProto node;
    private final Problems problems;

    Attributes(NodeProto node, Problems problems) {
        this.node = node;
        this.problems = problems;
    }

    private AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.INT && !a.hasI()) {
            throw problems.node(node, "attribute " + name + " is not an integer");
        }
        return a.getI();
    }

    double number(String name, double fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.FLOAT && !a.hasF()) {
            throw problems.node(node, "attribute " + name + " is not a number");
        }
        return a.getF();
    }

    String text(String name, String fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** Integers; {@code fallback} when absent. */
    long[] integers(String name, long[] fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        List<Long> v = a.getIntsList();
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /** Two integers (height, width) that fit an int and are at least {@code min}. */
    int[] pair(String name, int fallback, int min) {
        long[] v = integers(name, new long[] {fallback, fallback});
        if (v.length != 2) {
            throw problems.node(node, "attribute " + name + " has " + v.length + " values; Lamina imports 2-D"
                    + " (height, width) only");
        }
        return new int[] {checkedInt(name, v[0], min), checkedInt(name, v[1], min)};
    }

    int checkedInt(String name, long v, int min) {
        if (v < min || v > Integer.MAX_VALUE) {
            throw problems.node(node, "attribute " + name + " = " + v + " is out of range (" + min + " or more)");
        }
        return (int) v;
    }

    TensorProto tensor(String name) {
        AttributeProto a = find(name);
        if (a == null || !a.hasT()) {
            throw problems.node(node, "has no tensor attribute " + name);
        }
        return a.getT();
    }
}
