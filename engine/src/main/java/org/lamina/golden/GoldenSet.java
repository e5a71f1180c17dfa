package org.lamina.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of golden cases in the format of {@code FORMAT.md}: an {@code index.json} listing the
 * cases (or, without one, every sub-folder holding a {@code case.json}).
 */
public final class GoldenSet {
    private final Path dir;
    private final List<GoldenCase> cases;

    private GoldenSet(Path dir, List<GoldenCase> cases) {
        this.dir = dir;
        this.cases = cases;
    }

    /**
     * @throws IllegalArgumentException when {@code dir} is not a golden set or a case is malformed
     */
    public static GoldenSet open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("golden set " + dir + " is not a directory");
        }
        List<GoldenCase> cases = new ArrayList<>();
        Path index = dir.resolve("index.json");
        if (Files.isRegularFile(index)) {
            JsonObject json = Json.readObject(index);
            if (json.has("format_version")) {
                int version = Json.whole(json.get("format_version"), 0, Integer.MAX_VALUE, index + ": format_version");
                if (version != 1) {
                    throw new IllegalArgumentException(index + ": format_version " + version
                            + " is not supported (Lamina reads version 1)");
                }
            }
            if (!json.has("cases") || !json.get("cases").isJsonArray()) {
                throw new IllegalArgumentException(index + ": no \"cases\" list");
            }
            for (JsonElement e : json.getAsJsonArray("cases")) {
                if (!e.isJsonObject()) {
                    throw new IllegalArgumentException(index + ": cases: " + Json.shown(e) + " is not an object");
                }
                JsonObject c = e.getAsJsonObject();
                String sub = Json.string(c, c.has("dir") ? "dir" : "name", index);
                cases.add(GoldenCase.read(Json.inside(dir, sub, index + ": cases: dir"), 0, 0));
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p.resolve("case.json"))) {
                        cases.add(GoldenCase.read(p, 0, 0));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + dir, e);
            }
            if (cases.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds neither index.json nor case folders");
            }
        }
        return new GoldenSet(dir, List.copyOf(cases));
    }

    public Path dir() {
        return dir;
    }

    public List<GoldenCase> cases() {
        return cases;
    }

    /**
     * @throws IllegalArgumentException listing the cases when there is none of that name
     */
    public GoldenCase get(String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("golden set " + dir + " has no case " + name));
    }
}
