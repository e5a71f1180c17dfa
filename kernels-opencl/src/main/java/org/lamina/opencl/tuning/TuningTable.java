package org.lamina.opencl.tuning;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lamina.io.ShownJson;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * One file of tuning, in the one format of the tuning database's entries and of the files that
 * {@code lamina tune} writes (format 2, docs/tuning-database.md): which devices it is for, the
 * parameters of some kernel families, and convolution algorithm choices per shape class.
 *
 * <pre>{@code
 * {"format": 2,
 *  "device": {"type": "gpu", "vendor": "nvidia", "device": "NVIDIA GeForce RTX 3080"},
 *  "tunedOn": "<Device.cacheKey()>", "created": "2026-12-06T05:30:00Z",
 *  "parameters": {"gemm": {"tm": 4, "tn": 8, "vw": 4, "ku": 16, "local": true, "wgm": 16, "wgn": 16,
 *                          "rowsFastest": false},
 *                 "pooling": {"workGroup": 256}},
 *  "conv": {"3x3-s1-d1-dense-r1024-k128-p1024":
 *             {"forward": "WINOGRAD", "backwardData": "WINOGRAD", "backwardFilter": "IM2COL_GEMM"}}}
 * }</pre>
 *
 * Format 1 files (an older {@code lamina tune}: {@code device} a cache key, {@code gemm} at the top)
 * are read and converted.
 *
 * @param device the devices the file is for
 * @param tunedOn the {@link org.lamina.opencl.Device#cacheKey()} of the device tuned (tuned files), or null
 * @param created when it was tuned, or null
 * @param parameters per family, per parameter: an integer ({@code Long}) or a flag ({@code Boolean})
 * @param conv algorithm choices per {@link org.lamina.opencl.conv.ConvShapeClass shape class}
 */
public record TuningTable(DeviceMatch device, String tunedOn, String created,
        Map<String, Map<String, Object>> parameters, Map<String, ConvChoice> conv) {
    static final int FORMAT = 2;
    private static final Set<String> FIELDS = Set.of("format", "comment", "device", "tunedOn", "created",
            "parameters", "conv");
    private static final Set<String> DEVICE_FIELDS = Set.of("type", "vendor", "architecture", "names", "device");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public TuningTable {
        Map<String, Map<String, Object>> p = new TreeMap<>();
        parameters.forEach((family, values) -> p.put(family, Map.copyOf(new TreeMap<>(values))));
        parameters = Map.copyOf(p);
        conv = Map.copyOf(conv);
    }

    /** What a tune of {@code device} found: its GEMM tuning and convolution choices. */
    public static TuningTable tuned(DeviceDescription device, String created, GemmKernels.Tuning gemm,
            Map<String, ConvChoice> conv) {
        return new TuningTable(DeviceMatch.exact(device), device.cacheKey(), created,
                Map.of(GemmKernels.FAMILY, GemmKernels.Tuning.SPEC.values(gemm)), conv);
    }

    /** The same table with {@code choice} for {@code shapeClass}. */
    public TuningTable with(String shapeClass, ConvChoice choice) {
        Map<String, ConvChoice> m = new TreeMap<>(conv);
        m.put(shapeClass, choice);
        return new TuningTable(device, tunedOn, created, parameters, m);
    }

    /** The same table with {@code values} as the parameters of {@code family}. */
    public TuningTable with(String family, Map<String, Object> values) {
        Map<String, Map<String, Object>> m = new TreeMap<>(parameters);
        m.put(family, values);
        return new TuningTable(device, tunedOn, created, m, conv);
    }

    /** The table's key in lookups: {@code generic}, {@code gpu}, {@code nvidia/gpu}, ... */
    public String key() {
        return device.key();
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        JsonObject d = new JsonObject();
        put(d, "type", device.type());
        put(d, "vendor", device.vendor());
        put(d, "architecture", device.architecture());
        put(d, "names", device.names());
        put(d, "device", device.device());
        o.add("device", d);
        put(o, "tunedOn", tunedOn);
        put(o, "created", created);
        JsonObject p = new JsonObject();
        for (Map.Entry<String, Map<String, Object>> f : new TreeMap<>(parameters).entrySet()) {
            JsonObject values = new JsonObject();
            for (Map.Entry<String, Object> v : new TreeMap<>(f.getValue()).entrySet()) {
                if (v.getValue() instanceof Boolean b) {
                    values.addProperty(v.getKey(), b);
                } else {
                    values.addProperty(v.getKey(), (Number) v.getValue());
                }
            }
            p.add(f.getKey(), values);
        }
        o.add("parameters", p);
        if (!conv.isEmpty()) {
            o.add("conv", GSON.toJsonTree(new TreeMap<>(conv)));
        }
        return GSON.toJson(o) + "\n";
    }

    private static void put(JsonObject o, String name, String value) {
        if (value != null) {
            o.addProperty(name, value);
        }
    }

    /**
     * Parses a file in format 2 (or 1).
     *
     * @throws IllegalArgumentException naming {@code source} and the field: not JSON, another format,
     *     an unknown field, a value of the wrong kind, an unknown algorithm
     */
    public static TuningTable fromJson(String text, String source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(source + ": not a tuning file (a JSON object is expected)");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(source + ": not a valid tuning file, not JSON (" + root.getMessage()
                    + ")", e);
        }
        JsonElement format = o.get("format");
        if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(source + ": format: missing; expected " + FORMAT);
        }
        int f = wholeFormat(format.getAsJsonPrimitive(), source);
        if (f == 1) {
            return fromFormat1(o, source);
        }
        if (f != FORMAT) {
            throw new IllegalArgumentException(source + ": format " + f + ", expected " + FORMAT
                    + " (or 1, written by older versions)");
        }
        for (String field : o.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(source + ": " + field + ": unknown field; the fields are "
                        + new TreeSet<>(FIELDS));
            }
        }
        JsonObject d = object(o, "device", source, true);
        for (String field : d.keySet()) {
            if (!DEVICE_FIELDS.contains(field)) {
                throw new IllegalArgumentException(source + ": device." + field + ": unknown field; the fields are "
                        + new TreeSet<>(DEVICE_FIELDS));
            }
        }
        DeviceMatch match = new DeviceMatch(string(d, "type", "device.", source), string(d, "vendor", "device.", source),
                string(d, "architecture", "device.", source), string(d, "names", "device.", source),
                string(d, "device", "device.", source));
        String problem = match.problem();
        if (problem != null) {
            throw new IllegalArgumentException(source + ": " + problem);
        }
        Map<String, Map<String, Object>> parameters = new TreeMap<>();
        JsonObject p = object(o, "parameters", source, false);
        if (p != null) {
            for (Map.Entry<String, JsonElement> family : p.entrySet()) {
                if (!family.getValue().isJsonObject()) {
                    throw new IllegalArgumentException(source + ": parameters." + family.getKey()
                            + ": an object of parameters is expected");
                }
                Map<String, Object> values = new TreeMap<>();
                for (Map.Entry<String, JsonElement> v : family.getValue().getAsJsonObject().entrySet()) {
                    values.put(v.getKey(), value(v.getValue(), source + ": parameters." + family.getKey() + "."
                            + v.getKey()));
                }
                parameters.put(family.getKey(), values);
            }
        }
        return new TuningTable(match, string(o, "tunedOn", "", source), string(o, "created", "", source), parameters,
                conv(object(o, "conv", source, false), source));
    }

    /** A format-1 file: the device's cache key, a GEMM tuning at the top, conv choices. */
    private static TuningTable fromFormat1(JsonObject o, String source) {
        String key = string(o, "device", "", source);
        JsonObject gemm = object(o, "gemm", source, false);
        if (key == null || gemm == null) {
            throw new IllegalArgumentException(source + ": format 1: 'device' and 'gemm' are required");
        }
        // platform|name|vendor|device version|driver version, as Device.cacheKey() writes it
        String[] parts = key.split("\\|", -1);
        // A vendor that reduces to no key (empty, or no letter or digit) is left out: the device's name
        // already makes the match exact, and format 2 refuses an empty vendor.
        String vendor = parts.length >= 3 && !DeviceDescription.vendorKey(parts[2]).isEmpty() ? parts[2] : null;
        DeviceMatch match = parts.length >= 3 ? new DeviceMatch(null, vendor, null, null, parts[1])
                : new DeviceMatch(null, null, null, null, key);
        Map<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, JsonElement> v : gemm.entrySet()) {
            values.put(v.getKey(), value(v.getValue(), source + ": gemm." + v.getKey()));
        }
        values.putIfAbsent("local", false);
        values.putIfAbsent("rowsFastest", false);
        return new TuningTable(match, key, string(o, "created", "", source), Map.of(GemmKernels.FAMILY, values),
                conv(object(o, "conv", source, false), source));
    }

    private static Map<String, ConvChoice> conv(JsonObject c, String source) {
        Map<String, ConvChoice> conv = new TreeMap<>();
        if (c == null) {
            return conv;
        }
        for (Map.Entry<String, JsonElement> e : c.entrySet()) {
            String where = source + ": conv." + e.getKey();
            if (!e.getValue().isJsonObject()) {
                throw new IllegalArgumentException(where + ": an object with forward, backwardData and backwardFilter "
                        + "is expected");
            }
            JsonObject choice = e.getValue().getAsJsonObject();
            Map<String, ConvAlgorithm> passes = new LinkedHashMap<>();
            for (String pass : new String[] {"forward", "backwardData", "backwardFilter"}) {
                JsonElement a = choice.get(pass);
                if (a == null || !a.isJsonPrimitive()) {
                    throw new IllegalArgumentException(where + "." + pass + ": missing; one of "
                            + Arrays.toString(ConvAlgorithm.values()));
                }
                try {
                    passes.put(pass, ConvAlgorithm.valueOf(a.getAsString()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + "." + pass + ": '" + a.getAsString()
                            + "' is not one of " + Arrays.toString(ConvAlgorithm.values()), ex);
                }
            }
            conv.put(e.getKey(), new ConvChoice(passes.get("forward"), passes.get("backwardData"),
                    passes.get("backwardFilter")));
        }
        return conv;
    }

    private static Object value(JsonElement e, String where) {
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber()) {
                try {
                    return p.getAsBigDecimal().longValueExact();
                } catch (ArithmeticException | NumberFormatException ex) {
                    // a fraction, beyond a long, or an exponent beyond BigDecimal's (1e10000000000)
                    throw new IllegalArgumentException(where + ": " + ShownJson.of(p) + " is not an integer");
                }
            }
        }
        throw new IllegalArgumentException(where + ": " + ShownJson.of(e) + " is not an integer or true/false");
    }

    /** The format number; one that is not a whole number in the int range is no format Lamina knows. */
    private static int wholeFormat(JsonPrimitive format, String source) {
        try {
            return format.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ": format " + ShownJson.of(format) + ", expected " + FORMAT
                    + " (or 1, written by older versions)");
        }
    }

    private static JsonObject object(JsonObject o, String name, String source, boolean required) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException(source + ": " + name + ": missing");
            }
            return null;
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(source + ": " + name + ": an object is expected, not " + ShownJson.of(e));
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String name, String prefix, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(source + ": " + prefix + name + ": a string is expected, not " + ShownJson.of(e));
        }
        return e.getAsString();
    }
}
