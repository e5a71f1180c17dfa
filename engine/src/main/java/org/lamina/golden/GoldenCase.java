package org.lamina.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a golden set: an op, its parameters and its tensors (raw little-endian float32
 * files). See the set's {@code FORMAT.md}.
 */
public final class GoldenCase {
    private final String name;
    private final String op;
    private final Path dir;
    private final JsonObject params;
    private final Map<String, TensorSpec> tensors;

    GoldenCase(String name, String op, Path dir, JsonObject params, Map<String, TensorSpec> tensors) {
        this.name = name;
        this.op = op;
        this.dir = dir;
        this.params = params;
        this.tensors = tensors;
    }

    /**
     * Reads {@code dir/case.json}.
     *
     * @throws IllegalArgumentException naming the file and the field: not JSON, a value of the wrong
     *     kind, a shape that is not a list of sizes, a tensor file outside the case's folder
     */
    static GoldenCase read(Path dir, double defaultAtol, double defaultRtol) {
        Path file = dir.resolve("case.json");
        JsonObject json = Json.readObject(file);
        String name = Json.string(json, "name", file);
        String op = Json.string(json, "op", file);
        JsonObject params = json.has("params") && json.get("params").isJsonObject() ? json.getAsJsonObject("params")
                : new JsonObject();
        double atol = defaultAtol, rtol = defaultRtol;
        if (json.has("tolerance") && json.get("tolerance").isJsonObject()) {
            JsonObject tol = json.getAsJsonObject("tolerance");
            atol = Json.number(tol, "abs", atol, file + ": tolerance");
            rtol = Json.number(tol, "rel", rtol, file + ": tolerance");
        }
        Map<String, TensorSpec> tensors = new LinkedHashMap<>();
        if (!json.has("tensors") || !json.get("tensors").isJsonArray()) {
            throw new IllegalArgumentException(file + ": no \"tensors\" list");
        }
        for (JsonElement e : json.getAsJsonArray("tensors")) {
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": tensors: " + Json.shown(e) + " is not an object");
            }
            JsonObject t = e.getAsJsonObject();
            String tname = Json.string(t, "name", file);
            String where = file + ": tensor " + tname;
            int[] shape = shape(t.get("shape"), where);
            String tfile = t.has("file") ? Json.string(t, "file", file) : tname + ".f32";
            Json.inside(dir, tfile, where + ": file");
            boolean check = Json.bool(t, "check", false, where);
            String role = t.has("role") ? Json.string(t, "role", file) : "";
            tensors.put(tname, new TensorSpec(tname, tfile, shape, role, check, Json.number(t, "atol", atol, where),
                    Json.number(t, "rtol", rtol, where)));
        }
        return new GoldenCase(name, op, dir, params, Collections.unmodifiableMap(tensors));
    }

    /**
     * The most values a tensor of a case may have: its values are read into one float array (and
     * reference cases are small; the largest of the reference set, LeNet-5's fc1 weight, has 48,000).
     */
    static final int MAX_VALUES = 1 << 28;

    /** A tensor's shape: a list of whole numbers of 0 or more whose product fits {@link #MAX_VALUES}. */
    private static int[] shape(JsonElement e, String where) {
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException(where + ": shape " + (e == null ? "missing" : Json.shown(e))
                    + " is not a list of sizes");
        }
        var a = e.getAsJsonArray();
        int[] shape = new int[a.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Json.whole(a.get(i), 0, MAX_VALUES, where + ": shape " + Json.shown(e));
            count *= shape[i];
            if (count > MAX_VALUES) {
                throw new IllegalArgumentException(where + ": shape " + Json.shown(e) + " has more than " + MAX_VALUES
                        + " values");
            }
        }
        return shape;
    }

    public String name() {
        return name;
    }

    public String op() {
        return op;
    }

    public Path dir() {
        return dir;
    }

    /** The op's parameters as written in {@code case.json}. */
    public JsonObject params() {
        return params;
    }

    /** Every tensor, in the file's order. */
    public Map<String, TensorSpec> tensors() {
        return tensors;
    }

    /** The tensors results are compared with. */
    public List<TensorSpec> checked() {
        List<TensorSpec> out = new ArrayList<>();
        for (TensorSpec t : tensors.values()) {
            if (t.check()) {
                out.add(t);
            }
        }
        return out;
    }

    public boolean has(String tensor) {
        return tensors.containsKey(tensor);
    }

    /**
     * @throws IllegalArgumentException naming the case when the tensor is not part of it
     */
    public TensorSpec spec(String tensor) {
        TensorSpec t = tensors.get(tensor);
        if (t == null) {
            throw new IllegalArgumentException("case " + name + " has no tensor '" + tensor + "' (it has "
                    + tensors.keySet() + ")");
        }
        return t;
    }

    /**
     * The values of a tensor.
     *
     * @throws IllegalArgumentException when the file is missing or its size does not match the shape
     */
    public float[] load(String tensor) {
        TensorSpec t = spec(tensor);
        Path file = Json.inside(dir, t.file(), "case " + name + ": tensor " + tensor + ": file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("case " + name + ": " + file + " is missing (tensor " + tensor + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("case " + name + ": cannot read " + file, e);
        }
        if (bytes.length != 4L * t.count()) {
            throw new IllegalArgumentException("case " + name + ": " + file + " holds " + bytes.length
                    + " bytes but shape " + Arrays.toString(t.shape()) + " needs " + 4L * t.count());
        }
        float[] out = new float[t.count()];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * A parameter given as {@code [h, w]} (or {@code [n]}) or as one number for both.
     *
     * @throws IllegalArgumentException naming the case file and the parameter when it is neither
     */
    public int[] pair(String key, int fallback) {
        if (!params.has(key) || params.get(key).isJsonNull()) {
            return new int[] {fallback, fallback};
        }
        JsonElement e = params.get(key);
        String where = param(key);
        if (e.isJsonArray()) {
            var a = e.getAsJsonArray();
            if (a.size() != 1 && a.size() != 2) {
                throw new IllegalArgumentException(where + ": " + Json.shown(e) + " is not [h, w]");
            }
            int h = Json.whole(a.get(0), Integer.MIN_VALUE, Integer.MAX_VALUE, where);
            int w = a.size() == 1 ? h : Json.whole(a.get(1), Integer.MIN_VALUE, Integer.MAX_VALUE, where);
            return new int[] {h, w};
        }
        int v = Json.whole(e, Integer.MIN_VALUE, Integer.MAX_VALUE, where);
        return new int[] {v, v};
    }

    /**
     * A 1-D parameter given as {@code [n]} or as one number.
     *
     * @throws IllegalArgumentException naming the case file and the parameter when it is neither
     */
    public int single(String key, int fallback) {
        int[] v = axes(key, fallback, 1);
        return v[0];
    }

    /**
     * A 3-D parameter given as {@code [d, h, w]}, {@code [n]} or one number for all three axes.
     *
     * @throws IllegalArgumentException naming the case file and the parameter when it is none of these
     */
    public int[] triple(String key, int fallback) {
        return axes(key, fallback, 3);
    }

    private int[] axes(String key, int fallback, int count) {
        int[] out = new int[count];
        if (!params.has(key) || params.get(key).isJsonNull()) {
            Arrays.fill(out, fallback);
            return out;
        }
        JsonElement e = params.get(key);
        String where = param(key);
        if (e.isJsonArray()) {
            var a = e.getAsJsonArray();
            if (a.size() != 1 && a.size() != count) {
                throw new IllegalArgumentException(where + ": " + Json.shown(e) + " does not have 1 or " + count
                        + " values");
            }
            for (int i = 0; i < count; i++) {
                out[i] = Json.whole(a.get(a.size() == 1 ? 0 : i), Integer.MIN_VALUE, Integer.MAX_VALUE, where);
            }
            return out;
        }
        Arrays.fill(out, Json.whole(e, Integer.MIN_VALUE, Integer.MAX_VALUE, where));
        return out;
    }

    /** @throws IllegalArgumentException naming the case file and the parameter when it is not a whole number */
    public int intParam(String key, int fallback) {
        return params.has(key) && !params.get(key).isJsonNull()
                ? Json.whole(params.get(key), Integer.MIN_VALUE, Integer.MAX_VALUE, param(key)) : fallback;
    }

    /** @throws IllegalArgumentException naming the case file and the parameter when it is not a number */
    public double doubleParam(String key, double fallback) {
        return params.has(key) && !params.get(key).isJsonNull() ? Json.number(params, key, fallback, paramsIn())
                : fallback;
    }

    /** @throws IllegalArgumentException naming the case file and the parameter when it is not true or false */
    public boolean boolParam(String key, boolean fallback) {
        return params.has(key) && !params.get(key).isJsonNull() ? Json.bool(params, key, fallback, paramsIn())
                : fallback;
    }

    private String paramsIn() {
        return dir.resolve("case.json") + ": params";
    }

    private String param(String key) {
        return paramsIn() + "." + key;
    }

    @Override
    public String toString() {
        return name + " (" + op + ")";
    }
}
