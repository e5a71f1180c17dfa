package org.lamina.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lamina.io.AtomicFiles;
import org.lamina.io.ShownJson;

/**
 * The safetensors format (Hugging Face), float32 only, so that PyTorch
 * ({@code safetensors.torch.load_file}) reads Lamina's weights: an 8-byte little-endian header
 * length, a JSON header mapping each tensor's name to {@code dtype}, {@code shape} and
 * {@code data_offsets} (plus string {@code __metadata__}), then the tensors' bytes, little-endian.
 */
public final class SafeTensors {
    /** One named float32 tensor. */
    public record Entry(int[] shape, float[] values) {
        public Entry {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " cannot hold "
                        + values.length + " values");
            }
        }
    }

    /** The tensors and metadata of a file, in the file's order. */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {
    }

    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /**
     * The metadata key under which Lamina records the SHA-256 of a file's data section (the tensors'
     * bytes), so that a flipped bit is found when the file is read, not later as a wrong weight. Read
     * and checked by {@link #read}, which leaves it out of the metadata it returns; files of other
     * writers, without it, are read unchecked.
     */
    public static final String DATA_SHA256 = "lamina_data_sha256";

    /** Writes {@code tensors} and {@code metadata} (with the data's checksum) to {@code file} atomically. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach((k, v) -> {
            if (!k.equals(DATA_SHA256)) {
                meta.addProperty(k, v);
            }
        });
        MessageDigest digest = sha256();
        for (Entry e : tensors.values()) {
            digest.update(bytes(e));
        }
        meta.addProperty(DATA_SHA256, HexFormat.of().formatHex(digest.digest()));
        header.add("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__") || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("safetensors: '" + e.getKey() + "' cannot name a tensor");
            }
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * e.getValue().values().length;
            offsets.add(offset);
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format recommends 8-byte alignment of the data
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(head));
            for (Entry e : tensors.values()) {
                writeFully(ch, bytes(e));
            }
        });
    }

    /** A tensor's values as the file holds them: float32, little-endian. */
    private static ByteBuffer bytes(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(4 * e.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(e.values());
        return b;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Reads a file written by Lamina, PyTorch or any other safetensors writer (float32 tensors).
     *
     * @throws IllegalArgumentException naming the file and what is wrong: truncation, a header that
     *     is not JSON, offsets outside the data, overlapping tensors, a dtype other than F32
     */
    public static Contents read(Path file) {
        return read(file, null);
    }

    /** A file of any writer with its tensors converted to float32, and the dtype each had in the file. */
    public record Converted(Contents contents, Map<String, String> dtypes) {
    }

    /**
     * Reads a file of any writer (PyTorch's {@code save_file} of a {@code state_dict}, say), converting
     * each tensor to float32: F64, F16 and BF16 values are rounded to the nearest float32; integer and
     * boolean tensors (a batch norm's {@code num_batches_tracked}) become exact whole numbers up to
     * 2^24. {@link Converted#dtypes} says what each tensor was.
     *
     * @throws IllegalArgumentException as {@link #read(Path)}, and for a dtype none of these
     */
    public static Converted readConverting(Path file) {
        Map<String, String> dtypes = new LinkedHashMap<>();
        Contents c = read(file, dtypes);
        return new Converted(c, dtypes);
    }

    /** Bytes per element of a dtype {@link #readConverting} converts, or 0 for another. */
    static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> 0;
        };
    }

    /** {@code dtypes}: null to accept F32 only, else filled with each tensor's dtype (others converted). */
    private static Contents read(Path file, Map<String, String> dtypes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "truncated: " + size + " bytes, not even the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerLength = len.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw corrupt(file, "header length " + headerLength + " is not plausible (not a safetensors file?)");
            }
            if (8 + headerLength > size) {
                throw corrupt(file, "truncated: the header needs " + headerLength + " bytes, the file has "
                        + (size - 8) + " after the length");
            }
            ByteBuffer headBytes = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headBytes, 8);
            JsonObject header;
            try {
                JsonElement parsed = JsonParser.parseString(new String(headBytes.array(), StandardCharsets.UTF_8));
                if (!parsed.isJsonObject()) {
                    throw corrupt(file, "the header is not a JSON object");
                }
                header = parsed.getAsJsonObject();
            } catch (JsonParseException e) {
                // Gson's text names its own classes and options; keep only where the JSON breaks
                Matcher at = Pattern.compile("line (\\d+) column (\\d+)")
                        .matcher(String.valueOf(e.getMessage()));
                throw corrupt(file, "the header is not valid JSON" + (at.find() ? " (at line " + at.group(1)
                        + ", column " + at.group(2) + " of the " + headerLength + "-byte header)" : ""));
            }
            long dataStart = 8 + headerLength, dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            record Span(String name, int[] shape, long begin, long end, String dtype) {
            }
            List<Span> spans = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    if (!e.getValue().isJsonObject()) {
                        throw corrupt(file, "__metadata__ " + shown(e.getValue()) + " is not a JSON object");
                    }
                    for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                        JsonElement v = m.getValue();
                        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                            throw corrupt(file, "metadata " + m.getKey() + " is " + shown(v) + ", not a string");
                        }
                        metadata.put(m.getKey(), v.getAsString());
                    }
                    continue;
                }
                if (!e.getValue().isJsonObject()) {
                    throw corrupt(file, "tensor " + e.getKey() + " is " + shown(e.getValue()) + ", not a JSON object");
                }
                JsonObject t = e.getValue().getAsJsonObject();
                String dtype = t.has("dtype") ? t.get("dtype").getAsString() : "?";
                int width = dtypes == null ? (dtype.equals("F32") ? 4 : 0) : elementBytes(dtype);
                if (width == 0) {
                    throw corrupt(file, "tensor " + e.getKey() + " has dtype " + dtype + "; Lamina reads F32"
                            + (dtypes == null ? "" : ", F64, F16, BF16 and integer tensors"));
                }
                JsonElement shapeJson = t.get("shape"), offJson = t.get("data_offsets");
                if (shapeJson == null || offJson == null) {
                    throw corrupt(file, "tensor " + e.getKey() + " lacks shape or data_offsets");
                }
                if (!shapeJson.isJsonArray()) {
                    throw corrupt(file, "tensor " + e.getKey() + ": shape " + shown(shapeJson) + " is not a list of "
                            + "dimensions");
                }
                if (!offJson.isJsonArray() || offJson.getAsJsonArray().size() != 2) {
                    throw corrupt(file, "tensor " + e.getKey() + ": data_offsets " + shown(offJson) + " is not [begin, "
                            + "end]");
                }
                JsonArray off = offJson.getAsJsonArray();
                int[] shape = new int[shapeJson.getAsJsonArray().size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dimension(file, e.getKey(), shapeJson, shapeJson.getAsJsonArray().get(i));
                    // up to 8 bytes an element: a count past 2^60 cannot be a file's
                    count = shape[i] == 0 || count <= (Long.MAX_VALUE / 8) / shape[i] ? count * shape[i] : -1;
                    if (count < 0) {
                        throw corrupt(file, "tensor " + e.getKey() + ": shape " + shown(shapeJson) + " has more "
                                + "elements than a file can hold");
                    }
                }
                long begin = offset(file, e.getKey(), offJson, off.get(0)), end = offset(file, e.getKey(), offJson,
                        off.get(1));
                if (begin < 0 || end < begin || end - begin != width * count) {
                    throw corrupt(file, "tensor " + e.getKey() + " of shape " + Arrays.toString(shape)
                            + " has data_offsets [" + begin + ", " + end + "], not " + width * count + " bytes");
                }
                if (end > dataSize) {
                    throw corrupt(file, "truncated: tensor " + e.getKey() + " ends at byte " + (dataStart + end)
                            + " of a " + size + "-byte file");
                }
                spans.add(new Span(e.getKey(), shape, begin, end, dtype));
                if (dtypes != null) {
                    dtypes.put(e.getKey(), dtype);
                }
            }
            List<Span> sorted = new ArrayList<>(spans);
            sorted.sort(Comparator.comparingLong(Span::begin));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                    throw corrupt(file, "tensors " + sorted.get(i - 1).name() + " and " + sorted.get(i).name()
                            + " overlap");
                }
            }
            String recorded = metadata.remove(DATA_SHA256);
            if (recorded != null) {
                checkData(file, ch, dataStart, dataSize, recorded);
            }
            Map<String, Entry> tensors = new LinkedHashMap<>();
            for (Span s : spans) {
                ByteBuffer b = ByteBuffer.allocate((int) (s.end() - s.begin())).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, b, dataStart + s.begin());
                float[] values = new float[(int) ((s.end() - s.begin()) / elementBytes(s.dtype()))];
                convert(s.dtype(), b.flip(), values);
                tensors.put(s.name(), new Entry(s.shape(), values));
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("reading checkpoint " + file + ": " + e.getMessage(), e);
        } catch (IllegalStateException | ClassCastException | UnsupportedOperationException e) {
            throw corrupt(file, "the header is not a safetensors header: " + e.getMessage());
        }
    }

    /** Little-endian values of {@code dtype} in {@code b} as float32 (rounded to nearest for F64). */
    private static void convert(String dtype, ByteBuffer b, float[] out) {
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble();
                }
            }
            case "F16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort());
                }
            }
            // bfloat16 is the upper half of a float32
            case "BF16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                }
            }
            case "I64" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getLong();
                }
            }
            case "U64" -> {
                for (int i = 0; i < out.length; i++) {
                    long v = b.getLong();
                    out[i] = v >= 0 ? v : (float) (v >>> 1) * 2f;
                }
            }
            case "I32" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt();
                }
            }
            case "U32" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt() & 0xFFFFFFFFL;
                }
            }
            case "I16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort();
                }
            }
            case "U16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort() & 0xFFFF;
                }
            }
            case "I8" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get();
                }
            }
            case "U8", "BOOL" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get() & 0xFF;
                }
            }
            default -> throw new IllegalStateException("dtype " + dtype + " was accepted but has no conversion");
        }
    }

    /** IEEE 754 binary16 to float32, exactly (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16, exponent = (bits >>> 10) & 0x1F, mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13); // infinity or NaN
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    /** A dimension of a tensor's shape: a whole JSON number from 0 to {@link Integer#MAX_VALUE}. */
    private static int dimension(Path file, String tensor, JsonElement shape, JsonElement d) {
        if (d.isJsonPrimitive() && d.getAsJsonPrimitive().isNumber()) {
            try {
                BigDecimal v = d.getAsBigDecimal();
                if (v.signum() >= 0 && v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return v.intValueExact();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
        }
        throw corrupt(file, "tensor " + tensor + ": shape " + shown(shape) + " has dimension " + shown(d)
                + ", not a whole number from 0 to " + Integer.MAX_VALUE);
    }

    /** A data offset: a whole JSON number from 0 to {@link Long#MAX_VALUE}. */
    private static long offset(Path file, String tensor, JsonElement offsets, JsonElement o) {
        if (o.isJsonPrimitive() && o.getAsJsonPrimitive().isNumber()) {
            try {
                BigDecimal v = o.getAsBigDecimal();
                if (v.signum() >= 0) {
                    return v.longValueExact();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
        }
        throw corrupt(file, "tensor " + tensor + ": data_offsets " + shown(offsets) + " has offset " + shown(o)
                + ", not a whole number from 0 to " + Long.MAX_VALUE);
    }

    private static String shown(JsonElement e) {
        return ShownJson.of(e);
    }

    /** Compares the SHA-256 of the data section with the one recorded when the file was written. */
    private static void checkData(Path file, FileChannel ch, long dataStart, long dataSize, String recorded)
            throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < dataSize; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), dataSize - at));
            readFully(ch, chunk, dataStart + at);
            at += chunk.position();
            digest.update(chunk.flip());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(recorded.strip())) {
            throw corrupt(file, "its " + dataSize + " bytes of tensor data do not match the SHA-256 recorded when it"
                    + " was written (a damaged file: a changed or lost byte)");
        }
    }

    private static IllegalArgumentException corrupt(Path file, String problem) {
        return new IllegalArgumentException("checkpoint " + file + ": " + problem);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }
}
