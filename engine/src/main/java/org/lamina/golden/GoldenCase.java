package org.lamina.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Reads {@code dir/case.json}. */
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
            atol = tol.has("abs") ? tol.get("abs").getAsDouble() : atol;
            rtol = tol.has("rel") ? tol.get("rel").getAsDouble() : rtol;
        }
        Map<String, TensorSpec> tensors = new LinkedHashMap<>();
        if (!json.has("tensors") || !json.get("tensors").isJsonArray()) {
            throw new IllegalArgumentException(file + ": no \"tensors\" list");
        }
        for (JsonElement e : json.getAsJsonArray("tensors")) {
            JsonObject t = e.getAsJsonObject();
            String tname = Json.string(t, "name", file);
            var shapeArray = t.getAsJsonArray("shape");
            if (shapeArray == null) {
                throw new IllegalArgumentException(file + ": tensor " + tname + " has no shape");
            }
            int[] shape = new int[shapeArray.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArray.get(i).getAsInt();
            }
            boolean check = t.has("check") && t.get("check").getAsBoolean();
            tensors.put(tname, new TensorSpec(tname, t.has("file") ? t.get("file").getAsString() : tname + ".f32",
                    shape, t.has("role") ? t.get("role").getAsString() : "", check,
                    t.has("atol") ? t.get("atol").getAsDouble() : atol, t.has("rtol") ? t.get("rtol").getAsDouble() : rtol));
        }
        return new GoldenCase(name, op, dir, params, Collections.unmodifiableMap(tensors));
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
        Path file = dir.resolve(t.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("case " + name + ": " + file + " is missing (tensor " + tensor + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("case " + name + ": cannot read " + file, e);
        }
        if (bytes.length != 4L * t.count()) {
            throw new IllegalArgumentException("case " + name + ": " + file + " holds " + bytes.length
                    + " bytes but shape " + java.util.Arrays.toString(t.shape()) + " needs " + 4L * t.count());
        }
        float[] out = new float[t.count()];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** A parameter given as {@code [h, w]} or as one number for both. */
    public int[] pair(String key, int fallback) {
        if (!params.has(key) || params.get(key).isJsonNull()) {
            return new int[] {fallback, fallback};
        }
        JsonElement e = params.get(key);
        if (e.isJsonArray()) {
            var a = e.getAsJsonArray();
            return a.size() == 1 ? new int[] {a.get(0).getAsInt(), a.get(0).getAsInt()}
                    : new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()};
        }
        int v = e.getAsInt();
        return new int[] {v, v};
    }

    public int intParam(String key, int fallback) {
        return params.has(key) && !params.get(key).isJsonNull() ? params.get(key).getAsInt() : fallback;
    }

    public double doubleParam(String key, double fallback) {
        return params.has(key) && !params.get(key).isJsonNull() ? params.get(key).getAsDouble() : fallback;
    }

    public boolean boolParam(String key, boolean fallback) {
        return params.has(key) && !params.get(key).isJsonNull() ? params.get(key).getAsBoolean() : fallback;
    }

    @Override
    public String toString() {
        return name + " (" + op + ")";
    }
}
