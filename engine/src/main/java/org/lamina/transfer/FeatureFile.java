package org.lamina.transfer;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lamina.checkpoint.Metadata;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.io.AtomicFiles;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Features of a layer for a whole dataset, with the labels: what {@code lamina features} writes and
 * a classifier trained elsewhere reads. Two formats, chosen by the file's extension:
 * <ul>
 *   <li>{@code .safetensors}: {@code features} (F32, {@code [N, ...]} the layer's shape per example)
 *       and {@code labels} (I64, {@code [N]}), and as metadata what {@link #write} was given;
 *       {@code safetensors.torch.load_file} or {@code safetensors.numpy.load_file} reads it.</li>
 *   <li>{@code .npy}: the features as one float32 NumPy array {@code [N, ...]} in the file, the
 *       labels as an int64 array {@code [N]} next to it, in {@code NAME.labels.npy}; {@code numpy.load}
 *       reads each. No metadata.</li>
 * </ul>
 * Written as the examples come, so a dataset's features need not fit in memory, and atomically:
 * nothing is in place until every example was given and written.
 */
public final class FeatureFile {
    /** The {@code format} metadata of a features file. */
    public static final String FORMAT = "lamina.features";

    private FeatureFile() {
    }

    /** The features and labels of a file, read back whole. */
    public record Contents(int[] shape, float[] features, long[] labels, Map<String, String> metadata) {
        /** Examples. */
        public int count() {
            return shape[0];
        }
    }

    /** Receives the examples' features in order. */
    @ConsumerType
    public interface Writer {
        /** {@code count} examples: their features ({@code count * perExample} values) and labels. */
        void append(float[] features, int[] labels, int count);
    }

    /** Whether {@code file}'s name is one of the two formats. */
    public static boolean supported(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        return n.endsWith(".safetensors") || n.endsWith(".npy");
    }

    /** The labels' file next to a {@code .npy} features file. */
    public static Path labelsFile(Path npy) {
        String n = npy.getFileName().toString();
        return npy.resolveSibling(n.substring(0, n.length() - ".npy".length()) + ".labels.npy");
    }

    /**
     * Writes {@code count} examples of {@code perExample} shape to {@code file}; {@code action} gets the
     * writer, which it fills. Writes into a hidden temporary file beside {@code file}.
     *
     * @throws IllegalArgumentException for a file name of neither format
     */
    public static void write(Path file, int count, int[] perExample, Map<String, String> metadata,
            Consumer<Writer> action) {
        if (!supported(file)) {
            throw new IllegalArgumentException("features file " + file + ": give a name ending in .safetensors or .npy");
        }
        boolean npy = file.getFileName().toString().endsWith(".npy");
        int[] shape = new int[perExample.length + 1];
        shape[0] = count;
        System.arraycopy(perExample, 0, shape, 1, perExample.length);
        long size = 1;
        for (int d : perExample) {
            size *= d;
        }
        long per = size;
        long[] labels = new long[count];
        try {
            AtomicFiles.write(file, ch -> {
                Stream out = new Stream(ch, per, count, labels);
                if (npy) {
                    out.put(npyHeader("<f4", shape));
                    action.accept(out);
                    out.complete();
                } else {
                    Map<String, String> meta = new LinkedHashMap<>(metadata);
                    meta.put(Metadata.FORMAT, FORMAT);
                    // the data's checksum is known at the end: a placeholder of its length, filled in then
                    meta.put(SafeTensors.DATA_SHA256, "0".repeat(64));
                    byte[] header = safetensorsHeader(shape, count, meta);
                    out.put(header);
                    out.digest = sha256();
                    action.accept(out);
                    out.complete();
                    ByteBuffer l = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
                    for (long v : labels) {
                        l.putLong(v);
                    }
                    out.put(l.flip());
                    String hex = HexFormat.of().formatHex(out.digest.digest());
                    int at = indexOf(header, (SafeTensors.DATA_SHA256 + "\":\"").getBytes(StandardCharsets.US_ASCII));
                    writeFully(ch, ByteBuffer.wrap(hex.getBytes(StandardCharsets.US_ASCII)), at);
                }
            });
            if (npy) {
                ByteBuffer l = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : labels) {
                    l.putLong(v);
                }
                byte[] head = npyHeader("<i8", new int[] {count});
                byte[] all = Arrays.copyOf(head, head.length + 8 * count);
                System.arraycopy(l.array(), 0, all, head.length, 8 * count);
                AtomicFiles.write(labelsFile(file), all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing features " + file + ": " + e.getMessage(), e);
        }
    }

    /** The writer over the channel: features streamed, labels kept (8 bytes an example). */
    private static final class Stream implements Writer {
        private final FileChannel ch;
        private final long perExample;
        private final int count;
        private final long[] labels;
        private int written;
        MessageDigest digest;

        Stream(FileChannel ch, long perExample, int count, long[] labels) {
            this.ch = ch;
            this.perExample = perExample;
            this.count = count;
            this.labels = labels;
        }

        void put(byte[] bytes) throws IOException {
            put(ByteBuffer.wrap(bytes));
        }

        void put(ByteBuffer b) throws IOException {
            if (digest != null) {
                digest.update(b.duplicate());
            }
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void append(float[] features, int[] batchLabels, int n) {
            if (written + n > count) {
                throw new IllegalStateException("features: " + (written + n) + " examples given for " + count);
            }
            if (features.length != n * perExample || batchLabels.length < n) {
                throw new IllegalArgumentException("features: " + features.length + " values and " + batchLabels.length
                        + " labels for " + n + " examples of " + perExample + " values");
            }
            ByteBuffer b = ByteBuffer.allocate(4 * features.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(features);
            try {
                put(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < n; i++) {
                labels[written + i] = batchLabels[i];
            }
            written += n;
        }

        void complete() {
            if (written != count) {
                throw new IllegalStateException("features: " + written + " examples given, " + count + " announced");
            }
        }
    }

    private static byte[] safetensorsHeader(int[] shape, int count, Map<String, String> meta) {
        JsonObject header = new JsonObject();
        JsonObject m = new JsonObject();
        meta.forEach(m::addProperty);
        header.add("__metadata__", m);
        long bytes = 4;
        for (int d : shape) {
            bytes *= d;
        }
        header.add("features", tensor("F32", shape, 0, bytes));
        header.add("labels", tensor("I64", new int[] {count}, bytes, bytes + 8L * count));
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, 8 + padded);
        System.arraycopy(json, 0, head, 8, json.length);
        Arrays.fill(head, 8 + json.length, 8 + padded, (byte) ' ');
        ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        return head;
    }

    private static JsonObject tensor(String dtype, int[] shape, long begin, long end) {
        JsonObject t = new JsonObject();
        t.addProperty("dtype", dtype);
        JsonArray s = new JsonArray();
        for (int d : shape) {
            s.add(d);
        }
        t.add("shape", s);
        JsonArray o = new JsonArray();
        o.add(begin);
        o.add(end);
        t.add("data_offsets", o);
        return t;
    }

    /** NumPy's format 1.0 header, padded so that the data starts at a multiple of 64 bytes. */
    static byte[] npyHeader(String descr, int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int d : shape) {
            s.append(d).append(", ");
        }
        String dims = shape.length == 1 ? shape[0] + "," : s.substring(0, s.length() - 2);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        byte[] out = new byte[padded];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[7] = 0;
        int len = padded - 10;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        byte[] d = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, out, 10, d.length);
        Arrays.fill(out, 10 + d.length, padded - 1, (byte) ' ');
        out[padded - 1] = '\n';
        return out;
    }

    /**
     * Reads a features file back whole (with its labels' file for {@code .npy}).
     *
     * @throws IllegalArgumentException naming the file when it is not a features file
     */
    public static Contents read(Path file) {
        if (!supported(file)) {
            throw new IllegalArgumentException("features file " + file + ": not .safetensors or .npy");
        }
        if (file.getFileName().toString().endsWith(".npy")) {
            Npy f = readNpy(file), l = readNpy(labelsFile(file));
            if (!f.descr.equals("<f4") || !l.descr.equals("<i8") || l.shape.length != 1 || l.shape[0] != f.shape[0]) {
                throw new IllegalArgumentException("features file " + file + ": features " + f.descr + " "
                        + Arrays.toString(f.shape) + " and labels " + l.descr + " " + Arrays.toString(l.shape)
                        + " are not float32 [N, ...] and int64 [N]");
            }
            ByteBuffer fb = ByteBuffer.wrap(f.data).order(ByteOrder.LITTLE_ENDIAN);
            float[] features = new float[f.data.length / 4];
            fb.asFloatBuffer().get(features);
            long[] labels = new long[l.shape[0]];
            ByteBuffer.wrap(l.data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(labels);
            return new Contents(f.shape, features, labels, Map.of());
        }
        SafeTensors.Converted c = SafeTensors.readConverting(file);
        SafeTensors.Entry f = c.contents().tensors().get("features"), l = c.contents().tensors().get("labels");
        if (f == null || l == null || f.shape().length < 1 || l.shape().length != 1 || l.shape()[0] != f.shape()[0]) {
            throw new IllegalArgumentException("features file " + file + ": needs 'features' [N, ...] and 'labels' [N]");
        }
        long[] labels = new long[l.values().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (long) l.values()[i];
        }
        return new Contents(f.shape(), f.values(), labels, c.contents().metadata());
    }

    private record Npy(String descr, int[] shape, byte[] data) {
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private static Npy readNpy(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        if (all.length < 10 || (all[0] & 0xFF) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException("features file " + file + " is not a NumPy .npy file");
        }
        int len = (all[8] & 0xFF) | (all[9] & 0xFF) << 8;
        if (10 + len > all.length) {
            throw new IllegalArgumentException("features file " + file + ": truncated header");
        }
        String dict = new String(all, 10, len, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(dict), s = SHAPE.matcher(dict);
        if (!d.find() || !s.find() || dict.contains("'fortran_order': True")) {
            throw new IllegalArgumentException("features file " + file + ": header " + dict.strip() + " is not a C-order"
                    + " array's");
        }
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        return new Npy(d.group(1), shape, Arrays.copyOfRange(all, 10 + len, all.length));
    }

    /** Where {@code key} ends in {@code bytes}. */
    private static int indexOf(byte[] bytes, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= bytes.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        throw new IllegalStateException("the header lost its checksum placeholder");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
