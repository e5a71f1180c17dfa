package org.lamina.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.train.ShardGradients;

/**
 * A part's gradients and state buffers as one flat vector, in the order the part holds them, so that
 * workers can sum slices of it (an all-reduce) and the driver can put the sum back together. Every
 * worker builds the same model, so every worker's part has the same layout.
 */
record FlatLayout(LinkedHashMap<String, Integer> gradients, LinkedHashMap<String, Integer> state) implements Serializable {
    private static final long serialVersionUID = 1L;

    static FlatLayout of(ShardGradients.Part p) {
        LinkedHashMap<String, Integer> g = new LinkedHashMap<>();
        p.gradients().forEach((k, v) -> g.put(k, v.length));
        LinkedHashMap<String, Integer> s = new LinkedHashMap<>();
        p.state().forEach((k, v) -> s.put(k, v.length));
        return new FlatLayout(g, s);
    }

    /** Values in the vector. */
    int size() {
        int n = 0;
        for (int v : gradients.values()) {
            n += v;
        }
        for (int v : state.values()) {
            n += v;
        }
        return n;
    }

    /** {@code p}'s gradients, then its state buffers, in one vector. */
    float[] pack(ShardGradients.Part p) {
        float[] flat = new float[size()];
        int at = put(p.gradients(), gradients, flat, 0);
        put(p.state(), state, flat, at);
        return flat;
    }

    private static int put(Map<String, float[]> values, Map<String, Integer> names, float[] flat, int at) {
        for (var e : names.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null || v.length != e.getValue()) {
                throw new IllegalStateException(WorkerState.where() + ": its gradients differ from the first worker's in "
                        + e.getKey() + " (is its model the same?)");
            }
            System.arraycopy(v, 0, flat, at, v.length);
            at += v.length;
        }
        return at;
    }

    /** The gradients of the vector {@code flat}. */
    LinkedHashMap<String, float[]> gradientsOf(float[] flat) {
        return take(gradients, flat, 0);
    }

    /** The state buffers of the vector {@code flat}. */
    LinkedHashMap<String, float[]> stateOf(float[] flat) {
        int at = 0;
        for (int v : gradients.values()) {
            at += v;
        }
        return take(state, flat, at);
    }

    private static LinkedHashMap<String, float[]> take(Map<String, Integer> names, float[] flat, int at) {
        LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
        for (var e : names.entrySet()) {
            float[] v = new float[e.getValue()];
            System.arraycopy(flat, at, v, 0, v.length);
            out.put(e.getKey(), v);
            at += v.length;
        }
        return out;
    }

    /** Values {@code from, count} of {@code flat} as little-endian bytes (what travels between workers). */
    static ByteBuffer bytes(float[] flat, int from, int count) {
        ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(flat, from, count);
        return b;
    }

    /** Adds the little-endian floats of {@code b} to {@code sum} from {@code at} on. */
    static void add(ByteBuffer b, float[] sum, int at) {
        var f = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int n = f.remaining();
        for (int i = 0; i < n; i++) {
            sum[at + i] += f.get(i);
        }
    }
}
