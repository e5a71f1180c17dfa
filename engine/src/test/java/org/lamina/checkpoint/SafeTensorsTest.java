package org.lamina.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.io.AtomicFiles;

class SafeTensorsTest {

    @Test
    void roundTripsTensorsAndMetadata(@TempDir Path dir) throws IOException {
        Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
        t.put("conv1.weight", new SafeTensors.Entry(new int[] {2, 1, 2, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
        t.put("conv1.bias", new SafeTensors.Entry(new int[] {2}, new float[] {-1.5f, Float.MIN_VALUE}));
        t.put("scalar", new SafeTensors.Entry(new int[] {}, new float[] {42}));
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, t, Map.of("epoch", "3"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(t.keySet(), c.tensors().keySet());
        assertArrayEquals(new float[] {-1.5f, Float.MIN_VALUE}, c.tensors().get("conv1.bias").values());
        assertArrayEquals(new int[] {2, 1, 2, 2}, c.tensors().get("conv1.weight").shape());
        assertEquals("3", c.metadata().get("epoch"));
        // The layout PyTorch's safetensors reader expects: u64 header length, 8-byte aligned JSON, data.
        byte[] raw = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,2,2],\"data_offsets\":[0,32]}"),
                header);
        assertEquals(8 + n + 4 * 11, raw.length);
    }

    @Test
    void corruptFilesAreNamedErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafeTensors.write(f, Map.of("w", new SafeTensors.Entry(new int[] {100}, new float[100])), Map.of());
        byte[] raw = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(raw, raw.length - 10));
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(raw, 5));
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] garbage = raw.clone();
        garbage[8] = (byte) '#'; // the opening brace of the JSON header
        Files.write(f, garbage);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("JSON") || e.getMessage().contains("header"), e.getMessage());
        Files.write(f, "not a checkpoint at all, just text".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("plausible"), e.getMessage());
    }

    /** A file of one tensor whose header says {@code shape} (raw JSON) over {@code bytes} bytes of data. */
    private static Path withShape(Path dir, String shape, long bytes) throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0," + bytes + "]}}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + head.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(head.length).put(head);
        Path f = dir.resolve("shape.safetensors");
        Files.write(f, b.array());
        return f;
    }

    /** A file whose JSON header is {@code json}, with 16 bytes of data. */
    private static Path withHeader(Path dir, String json) throws IOException {
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + head.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(head.length).put(head);
        Path f = dir.resolve("header.safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void headersOfTheWrongJsonTypesAreNamedErrors(@TempDir Path dir) throws IOException {
        String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}";
        String[][] cases = {
            {"{\"__metadata__\":{\"epoch\":3}," + w + "}", "metadata epoch is 3, not a string"},
            {"{\"__metadata__\":{\"class_names\":[\"a\"]}," + w + "}", "metadata class_names is [\"a\"], not a string"},
            {"{\"__metadata__\":[1]," + w + "}", "__metadata__ [1] is not a JSON object"},
            {"{\"w\":[1,2]}", "tensor w is [1,2], not a JSON object"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":\"0,16\"}}",
                "tensor w: data_offsets \"0,16\" is not [begin, end]"},
            // found by SafeTensorsFuzzTest: Gson's lenient parser reads d0 as a string; it leaked NumberFormatException
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[d0,16]}}",
                "tensor w: data_offsets [\"d0\",16] has offset \"d0\", not a whole number from 0 to 9223372036854775807"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0.5,16.5]}}",
                "tensor w: data_offsets [0.5,16.5] has offset 0.5, not a whole number from 0 to 9223372036854775807"},
        };
        for (String[] c : cases) {
            Path f = withHeader(dir, c[0]);
            var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f), c[0]);
            assertEquals("checkpoint " + f + ": " + c[1], e.getMessage());
        }
    }

    /**
     * Found writing the fuzz targets: a 400 KB header nesting arrays 200,000 deep overflowed the stack when
     * its message showed the value (JsonElement.toString() recurses; Gson's parser does not).
     */
    @Test
    void aDeeplyNestedHeaderValueIsANamedError(@TempDir Path dir) throws IOException {
        int depth = 200_000;
        Path f = withHeader(dir, "{\"w\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertEquals("checkpoint " + f + ": tensor w is " + "[".repeat(77) + "..., not a JSON object", e.getMessage());
    }

    @Test
    void shapesThatAreNotWholeIntsAreNamedErrors(@TempDir Path dir) throws IOException {
        // 2^32+120 wrapped to 120 before: with 400 columns it matched a [120, 400] tensor's offsets
        String[][] cases = {
            {"[4294967416,400]", String.valueOf(4L * 120 * 400), "dimension 4294967416, not a whole number from 0 to 2147483647"},
            {"[120,400.7]", String.valueOf(4L * 120 * 400), "dimension 400.7, not a whole number"},
            {"[1099511627776]", "0", "dimension 1099511627776, not a whole number"},
            {"[-2,2]", "16", "dimension -2, not a whole number"},
            {"[\"2\",2]", "16", "dimension \"2\", not a whole number"},
            {"\"2,2\"", "16", "shape \"2,2\" is not a list of dimensions"},
            {"[2147483647,2147483647,2147483647]", "16", "has more elements than a file can hold"},
        };
        for (String[] c : cases) {
            Path f = withShape(dir, c[0], Long.parseLong(c[1]));
            var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f), c[0]);
            assertTrue(e.getMessage().startsWith("checkpoint " + f + ": tensor w: shape " + c[0] + " ")
                    && e.getMessage().contains(c[2]) && !e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("keep.safetensors");
        SafeTensors.write(f, Map.of("w", new SafeTensors.Entry(new int[] {1}, new float[] {7})), Map.of());
        byte[] before = Files.readAllBytes(f);
        Map<String, SafeTensors.Entry> bad = new LinkedHashMap<>();
        bad.put("__metadata__", new SafeTensors.Entry(new int[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, bad, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(f));
        // A write that dies half-way (disk full, crash) leaves the old file as it was.
        assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    /** A changed byte in the data was read as another weight; the checksum Lamina records finds it. */
    @Test
    void aChangedByteOfTensorDataIsFoundByTheRecordedChecksum(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, Map.of("w", new SafeTensors.Entry(new int[] {4}, new float[] {1, 2, 3, 4})),
                Map.of("epoch", "1"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(Map.of("epoch", "1"), c.metadata(), "the checksum is checked, not handed on");
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length - 3] ^= 0x10; // one bit of the last float
        Files.write(f, raw);
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertEquals("checkpoint " + f + ": its 16 bytes of tensor data do not match the SHA-256 recorded when it"
                + " was written (a damaged file: a changed or lost byte)", e.getMessage());

        // another writer's file (PyTorch's) has no checksum and is read as it is
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8)).putFloat(7f);
        Files.write(f, b.array());
        assertArrayEquals(new float[] {7f}, SafeTensors.read(f).tensors().get("w").values());
    }
}
