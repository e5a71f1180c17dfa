package org.lamina.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.lamina.io.ShownJson;

/** Reading the golden format's JSON files with errors that name the file. */
final class Json {
    private Json() {
    }

    static JsonObject readObject(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            var e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static String string(JsonObject o, String key, Path file) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive()) {
            throw new IllegalArgumentException(file + ": missing \"" + key + "\"");
        }
        return o.get(key).getAsString();
    }

    /** {@code o.key} as a number, {@code fallback} when absent. */
    static double number(JsonObject o, String key, double fallback, String where) {
        JsonElement e = o.get(key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + "." + key + ": " + shown(e) + " is not a number");
        }
        return e.getAsDouble();
    }

    /** {@code o.key} as true or false, {@code fallback} when absent. */
    static boolean bool(JsonObject o, String key, boolean fallback, String where) {
        JsonElement e = o.get(key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(where + "." + key + ": " + shown(e) + " is not true or false");
        }
        return e.getAsBoolean();
    }

    /** {@code e} as a whole number from {@code min} to {@code max}. */
    static int whole(JsonElement e, int min, int max, String where) {
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            try {
                BigDecimal v = e.getAsBigDecimal();
                if (v.compareTo(BigDecimal.valueOf(min)) >= 0 && v.compareTo(BigDecimal.valueOf(max)) <= 0) {
                    return v.intValueExact();
                }
            } catch (NumberFormatException | ArithmeticException ex) {
                // reported below
            }
        }
        throw new IllegalArgumentException(where + ": " + (e == null ? "null" : shown(e))
                + " is not a whole number from " + min + " to " + max);
    }

    /**
     * {@code name} resolved in {@code dir}, which it must not leave: a set's files are its own, and a
     * case file naming {@code ../../somewhere} or an absolute path would read any file.
     */
    static Path inside(Path dir, String name, String where) {
        Path p;
        try {
            p = dir.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(where + ": '" + shown(name) + "' is not a file name");
        }
        if (name.isEmpty() || !p.startsWith(dir.normalize()) || p.equals(dir.normalize())) {
            throw new IllegalArgumentException(where + ": '" + shown(name) + "' is not a path inside " + dir);
        }
        return p;
    }

    /** A JSON value as shown in a message: at most 80 characters. */
    static String shown(JsonElement e) {
        return ShownJson.of(e);
    }

    static String shown(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
