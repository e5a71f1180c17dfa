package org.lamina.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.java.JavaBackend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;

/**
 * Loading weights by name: the report of what matched and what was skipped and why, the dtypes of
 * other writers converted exactly, strict and lenient loading, and the names other tools add.
 */
class WeightLoaderTest {

    /** conv1 [2,1,3,3] + bias, bn1 with statistics, fc [classes, 2*4*4] + bias. */
    static Network net(int classes) {
        Graph g = new Graph("tiny");
        Node x = g.input("image", 1, 4, 4);
        Node c = g.conv2d(x, 2, 3).pad(1).name("conv1").batchNorm().name("bn1");
        g.output(g.dense(g.flatten(c), classes).name("fc"));
        return g.build();
    }

    /** A tensor as another writer stores it. */
    record Raw(String dtype, int[] shape, byte[] bytes) {
        static Raw f32(int[] shape, float... v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            return new Raw("F32", shape, b.array());
        }

        static Raw shorts(String dtype, int[] shape, int... v) {
            ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int s : v) {
                b.putShort((short) s);
            }
            return new Raw(dtype, shape, b.array());
        }

        static Raw f64(int[] shape, double... v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double d : v) {
                b.putDouble(d);
            }
            return new Raw("F64", shape, b.array());
        }

        static Raw i64(long v) {
            return new Raw("I64", new int[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }

    /** The safetensors layout as PyTorch's save_file writes it. */
    static Path write(Path file, Map<String, Raw> tensors) throws IOException {
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, Raw> e : tensors.entrySet()) {
            Raw r = e.getValue();
            json.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"").append(r.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(r.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + r.bytes().length).append("]}");
            offset += r.bytes().length;
        }
        json.append('}');
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + head.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(head.length).put(head);
        tensors.values().forEach(r -> out.put(r.bytes()));
        Files.write(file, out.array());
        return file;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Every tensor of {@code net(3)} in some dtype, conv1.bias missing, fc.weight of another shape, extras. */
    static Map<String, Raw> mixed(String prefix) {
        Map<String, Raw> t = new LinkedHashMap<>();
        int[] conv = new int[18];
        // F16: 1.5, -2, the largest (65504), the smallest subnormal (2^-24), then 0
        conv[0] = 0x3E00;
        conv[1] = 0xC000;
        conv[2] = 0x7BFF;
        conv[3] = 0x0001;
        t.put(prefix + "conv1.weight", Raw.shorts("F16", new int[] {2, 1, 3, 3}, conv));
        t.put(prefix + "bn1.weight", Raw.shorts("BF16", new int[] {2}, 0x3F80, 0xBFC0)); // 1, -1.5
        t.put(prefix + "bn1.bias", Raw.f32(new int[] {2}, 0.25f, -0.25f));
        t.put(prefix + "bn1.running_mean", Raw.f64(new int[] {2}, 0.1, -1e-3));
        t.put(prefix + "bn1.running_var", Raw.f32(new int[] {2}, 2, 3));
        t.put(prefix + "bn1.num_batches_tracked", Raw.i64(42));
        t.put(prefix + "fc.weight", Raw.f32(new int[] {3, 32}, filled(96, 0.5f)));
        t.put(prefix + "fc.bias", Raw.f32(new int[] {3}, 1, 2, 3));
        t.put(prefix + "aux.fc.weight", Raw.f32(new int[] {2}, 7, 7));
        return t;
    }

    @Test
    void reportsWhatMatchedAndWhatWasSkippedWithBothShapes(@TempDir Path dir) throws IOException {
        Map<String, Raw> t = mixed("");
        t.put("fc.weight", Raw.f32(new int[] {3, 8}, filled(24, 0.5f))); // not the head's class count: a mismatch
        Weights w = Weights.read(write(dir.resolve("w.safetensors"), t));
        try (Model m = new Model(net(3), new JavaBackend(), 1)) {
            float[] fcBefore = m.param("fc.weight").toArray(), biasBefore = m.param("conv1.bias").toArray();
            LoadReport r = WeightLoader.load(m, w, false);
            assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "fc.bias"), r.loaded().stream().map(LoadReport.Loaded::name).toList());
            assertEquals(List.of(
                    "conv1.bias [2]: missing in the file, left at its initial values",
                    "fc.weight (file [3, 8], network [3, 32]): classifier head of another shape, initialized anew",
                    "bn1.num_batches_tracked []: batch-norm counter, Lamina keeps none",
                    "aux.fc.weight [2]: unexpected in the file, not in the network"),
                    r.skipped().stream().map(LoadReport.Skipped::toString).toList());
            assertEquals("loaded 6 tensors of " + w.file() + " into tiny; converted to float32: 1 from BF16, 1 from F16,"
                    + " 1 from F64; 1 missing in the file; 1 unexpected in the file; 1 of the classifier head replaced; 1"
                    + " batch-norm counters ignored", r.summary());
            assertArrayEquals(fcBefore, m.param("fc.weight").toArray());
            assertArrayEquals(biasBefore, m.param("conv1.bias").toArray());
            float[] conv = m.param("conv1.weight").toArray();
            assertArrayEquals(new float[] {1.5f, -2f, 65504f, 0x1p-24f, 0f}, Arrays.copyOf(conv, 5));
            assertArrayEquals(new float[] {1f, -1.5f}, m.param("bn1.weight").toArray());
            assertArrayEquals(new float[] {0.1f, -1e-3f}, m.param("bn1.running_mean").toArray());
            assertArrayEquals(new float[] {1, 2, 3}, m.param("fc.bias").toArray());
        }
    }

    @Test
    void aMismatchOutsideTheHeadIsAShapeMismatchAndStrictLoadingRefusesIt(@TempDir Path dir) throws IOException {
        Map<String, Raw> t = mixed("");
        t.put("bn1.bias", Raw.f32(new int[] {3}, 1, 2, 3));
        Weights w = Weights.read(write(dir.resolve("w.safetensors"), t));
        try (Model m = new Model(net(3), new JavaBackend(), 1)) {
            float[] before = m.param("bn1.weight").toArray();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightLoader.load(m, w, true));
            assertEquals("weights " + w.file() + " do not match tiny (strict): conv1.bias [2]: missing in the file, left"
                    + " at its initial values; bn1.bias (file [3], network [2]): shape mismatch, left at its initial"
                    + " values; aux.fc.weight [2]: unexpected in the file, not in the network", e.getMessage());
            assertArrayEquals(before, m.param("bn1.weight").toArray(), "a refused file changes nothing");
            LoadReport r = WeightLoader.load(m, w, false);
            assertEquals(1, r.skipped(LoadReport.Reason.SHAPE).size());
        }
    }

    @Test
    void strictLoadingAcceptsANewHeadOnly(@TempDir Path dir) throws IOException {
        Map<String, Raw> t = mixed("");
        t.remove("aux.fc.weight");
        t.put("conv1.bias", Raw.f32(new int[] {2}, 5, 6));
        Weights w = Weights.read(write(dir.resolve("w.safetensors"), t));
        try (Model m = new Model(net(5), new JavaBackend(), 1)) {
            LoadReport r = WeightLoader.load(m, w, true);
            assertEquals(List.of("fc.weight", "fc.bias"), r.skipped(LoadReport.Reason.HEAD).stream()
                    .map(LoadReport.Skipped::name).toList());
            assertArrayEquals(new float[] {5, 6}, m.param("conv1.bias").toArray());
        }
    }

    @Test
    void dataParallelPrefixIsTakenOffAndCheckpointOptimizerStateLeftOut(@TempDir Path dir) throws IOException {
        Weights w = Weights.read(write(dir.resolve("dp.safetensors"), mixed("module.")));
        assertEquals("module.", w.prefix());
        assertTrue(w.tensors().containsKey("conv1.weight"));
        try (Model m = new Model(net(3), new JavaBackend(), 1)) {
            LoadReport r = WeightLoader.load(m, w, false);
            assertTrue(r.summary().endsWith("; 'module.' taken off every name"), r.summary());
            Path ckpt = dir.resolve("c.safetensors");
            try (Tensor momentum = m.backend().tensor(new float[] {1, 2}, 2)) {
                Checkpoint.write(ckpt, m, Map.of("bn1.weight.momentum_buffer", momentum), Map.of("architecture", "tiny"));
            }
            Weights c = Weights.read(ckpt);
            assertEquals(m.parameters().keySet(), c.tensors().keySet());
            LoadReport all = WeightLoader.load(m, c, true);
            assertTrue(all.skipped().isEmpty(), all.summary());
        }
    }

    @Test
    void anotherNetworksWeightsAndBadFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        Map<String, Raw> other = new LinkedHashMap<>();
        other.put("features.0.weight", Raw.f32(new int[] {1}, 1));
        Weights w = Weights.read(write(dir.resolve("other.safetensors"), other));
        try (Model m = new Model(net(3), new JavaBackend(), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightLoader.load(m, w, false));
            assertEquals("weights " + w.file() + " have no tensor of tiny (names such as features.0.weight; another"
                    + " architecture's weights?)", e.getMessage());
        }
        Path missing = dir.resolve("missing.safetensors");
        assertEquals("weights " + missing + " does not exist", assertThrows(IllegalArgumentException.class,
                () -> Weights.read(missing)).getMessage());
        Map<String, Raw> strange = new LinkedHashMap<>();
        strange.put("w", new Raw("F8_E4M3", new int[] {1}, new byte[1]));
        Path f8 = write(dir.resolve("f8.safetensors"), strange);
        assertEquals("weights " + f8 + ": tensor w has dtype F8_E4M3; Lamina reads F32, F64, F16, BF16 and integer"
                + " tensors", assertThrows(IllegalArgumentException.class, () -> Weights.read(f8)).getMessage());
    }
}
