package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the reader of reference-case (golden) sets ({@code FORMAT.md}): a set folder with an
 * {@code index.json}, one case folder with its {@code case.json} and one tensor file {@code input.f32},
 * all three from the input: its parts between lines {@code --} (index, case, tensor; with one part
 * only, the case, and no index). Every case is read, every tensor loaded and every
 * parameter read as the case runners read them ({@code pair}, {@code intParam}, ...).
 */
class GoldenSetFuzzTest {
    private static final Path DIR = UserErrors.scratch("golden");

    @FuzzTest
    void open(byte[] bytes) throws Exception {
        List<byte[]> parts = split(bytes);
        String index = parts.size() > 1 ? new String(parts.get(0), StandardCharsets.UTF_8) : "";
        String caseJson = new String(parts.get(parts.size() > 1 ? 1 : 0), StandardCharsets.UTF_8);
        byte[] tensor = parts.size() > 2 ? parts.get(2) : new byte[0];
        Path set = DIR.resolve("set");
        clear(set);
        Path dir = Files.createDirectories(set.resolve("case1"));
        if (!index.isEmpty()) {
            Files.writeString(set.resolve("index.json"), index, StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("case.json"), caseJson, StandardCharsets.UTF_8);
        Files.write(dir.resolve("input.f32"), tensor);
        GoldenSet s = UserErrors.resultOrUserError(set, () -> GoldenSet.open(set));
        if (s == null) {
            return;
        }
        for (GoldenCase c : s.cases()) {
            for (TensorSpec t : c.tensors().values()) {
                float[] v = UserErrors.resultOrUserError(c.name(), () -> c.load(t.name()));
                if (v != null) {
                    assertEquals(t.count(), v.length);
                }
            }
            for (String key : c.params().keySet()) {
                UserErrors.resultOrUserError(key, () -> c.pair(key, 1));
                UserErrors.resultOrUserError(key, () -> c.intParam(key, 1));
                UserErrors.resultOrUserError(key, () -> c.doubleParam(key, 1));
                UserErrors.resultOrUserError(key, () -> c.boolParam(key, false));
            }
        }
    }

    /** The input's parts between the separator lines, at most three. */
    static List<byte[]> split(byte[] bytes) {
        byte[] sep = "\n--\n".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i + sep.length <= bytes.length && parts.size() < 2; i++) {
            if (Arrays.equals(bytes, i, i + sep.length, sep, 0, sep.length)) {
                parts.add(Arrays.copyOfRange(bytes, from, i));
                from = i + sep.length;
                i = from - 1;
            }
        }
        parts.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return parts;
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
