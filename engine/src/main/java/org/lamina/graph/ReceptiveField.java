package org.lamina.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * Which input pixels one output value of a node depends on, per axis: the field's {@code size}, the
 * {@code jump} between the fields of neighbouring outputs, and the input row (column) where the field
 * of output 0 starts, {@code start} (negative where padding reaches before the image). Output
 * {@code y} sees input rows {@code start + y * jump} to {@code start + y * jump + size - 1}, clipped
 * to the image. A global field (after a dense layer or global pooling) sees the whole input. After a
 * transposed convolution the size is exact but the start is linear only on average (outputs of odd
 * and even position gather different taps): it may be off by one step of that layer's input.
 * {@link Summary} prints the sizes; {@code lamina inspect} crops dataset patches with the rest.
 */
public record ReceptiveField(double sizeH, double sizeW, double jumpH, double jumpW, double startH, double startW,
        boolean global) {

    static final ReceptiveField PIXEL = new ReceptiveField(1, 1, 1, 1, 0, 0, false);

    /** The field of every node of {@code net}, by name. */
    public static Map<String, ReceptiveField> of(Network net) {
        Map<String, ReceptiveField> field = new HashMap<>();
        for (Network.NodeInfo n : net.nodes()) {
            if (n.isInput()) {
                field.put(n.name(), PIXEL);
                continue;
            }
            // several inputs (a sum, a concatenation): the widest field, the finest step, the earliest start
            double sh = 0, sw = 0, jh = Double.MAX_VALUE, jw = Double.MAX_VALUE, th = Double.MAX_VALUE,
                    tw = Double.MAX_VALUE;
            boolean global = false;
            for (String in : n.inputs()) {
                ReceptiveField r = field.get(in);
                global |= r.global;
                sh = Math.max(sh, r.sizeH);
                sw = Math.max(sw, r.sizeW);
                jh = Math.min(jh, r.jumpH);
                jw = Math.min(jw, r.jumpW);
                th = Math.min(th, r.startH);
                tw = Math.min(tw, r.startW);
            }
            field.put(n.name(), new ReceptiveField(sh, sw, jh, jw, th, tw, global).through(n.layer().window()));
        }
        return field;
    }

    /** The field after a layer with window {@code w}. */
    ReceptiveField through(Window w) {
        if (w.global() || global) {
            return new ReceptiveField(sizeH, sizeW, jumpH, jumpW, startH, startW, true);
        }
        if (w.transposed()) {
            // output o gathers inputs i with i * stride + tap * dilation - pad = o
            double spanH = Math.ceil((w.dilationH() * (w.kernelH() - 1) + 1) / (double) w.strideH());
            double spanW = Math.ceil((w.dilationW() * (w.kernelW() - 1) + 1) / (double) w.strideW());
            return new ReceptiveField(sizeH + (spanH - 1) * jumpH, sizeW + (spanW - 1) * jumpW, jumpH / w.strideH(),
                    jumpW / w.strideW(),
                    startH + Math.ceil((w.padH() - w.dilationH() * (w.kernelH() - 1)) / (double) w.strideH()) * jumpH,
                    startW + Math.ceil((w.padW() - w.dilationW() * (w.kernelW() - 1)) / (double) w.strideW()) * jumpW,
                    false);
        }
        return new ReceptiveField(sizeH + (w.kernelH() - 1) * w.dilationH() * jumpH,
                sizeW + (w.kernelW() - 1) * w.dilationW() * jumpW, jumpH * w.strideH(), jumpW * w.strideW(),
                startH - w.padH() * jumpH, startW - w.padW() * jumpW, false);
    }

    /** Rows of the field, rounded up; -1 when global. */
    public int rows() {
        return global ? -1 : (int) Math.ceil(sizeH - 1e-9);
    }

    /** Columns of the field, rounded up; -1 when global. */
    public int columns() {
        return global ? -1 : (int) Math.ceil(sizeW - 1e-9);
    }

    /** The first input row the field of output row {@code y} covers (may be negative: padding). */
    public int top(int y) {
        return (int) Math.floor(startH + y * jumpH + 1e-9);
    }

    /** The first input column the field of output column {@code x} covers (may be negative: padding). */
    public int left(int x) {
        return (int) Math.floor(startW + x * jumpW + 1e-9);
    }
}
