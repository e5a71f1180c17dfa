package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader of golden sets refuses malformed files with messages naming the file and field (GoldenSetFuzzTest's rule). */
class GoldenSetTest {
    private static final String TENSOR = "{\"name\": \"input\", \"file\": \"input.f32\", \"shape\": [2], \"check\": true}";

    private static int sets;

    /** A new set in {@code parent}: {@code index.json} (unless null) and the case folder {@code case1}. */
    private static Path set(Path parent, String index, String caseJson) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("set" + ++sets));
        Path c = Files.createDirectories(dir.resolve("case1"));
        if (index != null) {
            Files.writeString(dir.resolve("index.json"), index);
        }
        Files.writeString(c.resolve("case.json"), caseJson);
        Files.write(c.resolve("input.f32"), new byte[8]);
        return dir;
    }

    private static String caseWith(String params, String tensor) {
        return "{\"name\": \"c\", \"op\": \"relu\", \"params\": " + params + ", \"tensors\": [" + tensor + "]}";
    }

    private static void refused(Path set, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> GoldenSet.open(set));
        assertEquals(IllegalArgumentException.class, e.getClass(), e.toString());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aValidSetReads(@TempDir Path dir) throws IOException {
        GoldenSet s = GoldenSet.open(set(dir, "{\"format_version\": 1, \"cases\": [{\"dir\": \"case1\"}]}",
                caseWith("{\"stride\": [2, 3], \"groups\": 2}", TENSOR)));
        GoldenCase c = s.get("c");
        assertArrayEquals(new float[2], c.load("input"));
        assertArrayEquals(new int[] {2, 3}, c.pair("stride", 1));
        assertEquals(2, c.intParam("groups", 1));
    }

    // Found by GoldenSetFuzzTest: each of these leaked a JDK or Gson exception (NumberFormatException,
    // IllegalStateException, UnsupportedOperationException) or read outside the set.

    @Test
    void anIndexOfTheWrongKindsIsNamed(@TempDir Path dir) throws IOException {
        refused(set(dir, "{\"format_version\": \"one\", \"cases\": []}", caseWith("{}", TENSOR)),
                "index.json: format_version: \"one\" is not a whole number");
        refused(set(dir, "{\"cases\": [1]}", caseWith("{}", TENSOR)), "index.json: cases: 1 is not an object");
        refused(set(dir, "{\"cases\": [{\"dir\": null}]}", caseWith("{}", TENSOR)), "index.json: missing \"dir\"");
    }

    @Test
    void pathsOutsideTheSetAreRefused(@TempDir Path dir) throws IOException {
        Path set = set(dir, "{\"cases\": [{\"dir\": \"../elsewhere\"}]}", caseWith("{}", TENSOR));
        refused(set, "cases: dir: '../elsewhere' is not a path inside " + set);
        refused(set(dir, null, caseWith("{}", TENSOR.replace("input.f32", "/etc/passwd"))),
                "tensor input: file: '/etc/passwd' is not a path inside");
        refused(set(dir, null, caseWith("{}", TENSOR.replace("input.f32", "../../index.json"))),
                "tensor input: file: '../../index.json' is not a path inside");
    }

    @Test
    void shapesMustBeSizesThatFitAnArray(@TempDir Path dir) throws IOException {
        // 65536 x 65536 wrapped to 0 values before, so an empty file passed as the tensor
        refused(set(dir, null, caseWith("{}", TENSOR.replace("[2]", "[65536, 65536]"))),
                "tensor input: shape [65536,65536] has more than 268435456 values");
        refused(set(dir, null, caseWith("{}", TENSOR.replace("[2]", "[-1, -1]"))),
                "tensor input: shape [-1,-1]: -1 is not a whole number from 0 to 268435456");
        refused(set(dir, null, caseWith("{}", TENSOR.replace("[2]", "\"2\""))),
                "tensor input: shape \"2\" is not a list of sizes");
        refused(set(dir, null, caseWith("{}", TENSOR.replace("true", "\"yes\""))),
                "tensor input.check: \"yes\" is not true or false");
        refused(set(dir, null, caseWith("{}", "[1]")), "tensors: [1] is not an object");
    }

    @Test
    void parametersOfTheWrongKindAreNamed(@TempDir Path dir) throws IOException {
        Path set = set(dir, null, caseWith(
                "{\"stride\": \"x\", \"padding\": [1, 2, 3], \"groups\": [2, 2], \"eps\": \"small\", \"bias\": 1}",
                TENSOR));
        GoldenCase c = GoldenSet.open(set).get("c");
        String file = set.resolve("case1").resolve("case.json").toString();
        assertEquals(file + ": params.stride: \"x\" is not a whole number from -2147483648 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> c.pair("stride", 1)).getMessage());
        assertEquals(file + ": params.padding: [1,2,3] is not [h, w]",
                assertThrows(IllegalArgumentException.class, () -> c.pair("padding", 0)).getMessage());
        assertEquals(file + ": params.groups: [2,2] is not a whole number from -2147483648 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> c.intParam("groups", 1)).getMessage());
        assertEquals(file + ": params.eps: \"small\" is not a number",
                assertThrows(IllegalArgumentException.class, () -> c.doubleParam("eps", 1e-5)).getMessage());
        assertEquals(file + ": params.bias: 1 is not true or false",
                assertThrows(IllegalArgumentException.class, () -> c.boolParam("bias", true)).getMessage());
    }
}
