package org.lamina.golden;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
