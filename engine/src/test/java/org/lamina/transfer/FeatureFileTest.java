package org.lamina.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.testing.TestBackends;

/**
 * Features files: written in batches and read back whole in both formats, with the SHA-256 that
 * Lamina's reader checks; and the features of a layer the same on Java and OpenCL.
 */
class FeatureFileTest {

    static ImageDataset images(int count) {
        Random rnd = new Random(3);
        byte[] px = new byte[count * 16];
        byte[] labels = new byte[count];
        rnd.nextBytes(px);
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) rnd.nextInt(3);
        }
        return new ImageDataset("random", count, 1, 4, 4, px, labels, List.of("a", "b", "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f.safetensors", "f.npy"})
    void roundTrip(String name, @TempDir Path dir) {
        Path file = dir.resolve(name);
        Random rnd = new Random(1);
        float[] all = new float[7 * 6];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) rnd.nextGaussian();
        }
        int[] labels = {0, 2, 1, 1, 0, 2, 9};
        FeatureFile.write(file, 7, new int[] {2, 3}, Map.of("layer", "avgpool"), w -> {
            w.append(Arrays.copyOfRange(all, 0, 24), Arrays.copyOfRange(labels, 0, 4), 4);
            w.append(Arrays.copyOfRange(all, 24, 42), Arrays.copyOfRange(labels, 4, 7), 3);
        });
        FeatureFile.Contents c = FeatureFile.read(file);
        assertArrayEquals(new int[] {7, 2, 3}, c.shape());
        assertArrayEquals(all, c.features());
        assertArrayEquals(new long[] {0, 2, 1, 1, 0, 2, 9}, c.labels());
        if (name.endsWith(".safetensors")) {
            assertEquals("avgpool", c.metadata().get("layer"));
            assertEquals(FeatureFile.FORMAT, c.metadata().get("format"));
        } else {
            assertTrue(Files.exists(dir.resolve("f.labels.npy")));
        }
    }

    @Test
    void aChangedByteIsFoundAndAMissingExampleWritesNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.safetensors");
        FeatureFile.write(file, 2, new int[] {2}, Map.of(), w -> w.append(new float[] {1, 2, 3, 4}, new int[] {0, 1}, 2));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.readConverting(file));
        assertTrue(e.getMessage().contains("do not match the SHA-256"), e.getMessage());
        Path short_ = dir.resolve("short.npy");
        assertThrows(IllegalStateException.class, () -> FeatureFile.write(short_, 3, new int[] {2}, Map.of(),
                w -> w.append(new float[] {1, 2}, new int[] {0}, 1)));
        assertFalse(Files.exists(short_));
        assertEquals(List.of(), listHidden(dir));
    }

    private static List<Path> listHidden(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void theNpyHeaderIsNumPysFormat() {
        byte[] h = FeatureFile.npyHeader("<f4", new int[] {10, 512});
        assertEquals(0, h.length % 64);
        String text = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 512), }"), text);
        assertTrue(text.endsWith("\n"));
        assertTrue(new String(FeatureFile.npyHeader("<i8", new int[] {7}), 10, 60,
                StandardCharsets.US_ASCII).contains("'shape': (7,)"));
    }

    @Test
    void aLayersFeaturesAreTheSameOnJavaAndOpenCl(@TempDir Path dir) {
        Network net = WeightLoaderTest.net(3);
        ImageDataset data = images(10);
        float[][] got = new float[2][];
        int i = 0;
        for (var b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(net, b, 7)) {
                Path out = dir.resolve(i + ".safetensors");
                // batches of 4: the last one holds 2
                int[] shape = FeatureExtraction.extract(new Executor(m), DataLoader.of(data, 4).build(), "bn1", out,
                        Map.of());
                assertArrayEquals(new int[] {2, 4, 4}, shape);
                FeatureFile.Contents c = FeatureFile.read(out);
                assertArrayEquals(new int[] {10, 2, 4, 4}, c.shape());
                for (int k = 0; k < 10; k++) {
                    assertEquals(data.label(k), c.labels()[k]);
                }
                got[i++] = c.features();
            }
        }
        for (int k = 0; k < got[0].length; k++) {
            assertEquals(got[0][k], got[1][k], 1e-4 * (1 + Math.abs(got[0][k])), "value " + k);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Model m = new Model(net, TestBackends.java(), 7)) {
                FeatureExtraction.extract(new Executor(m), DataLoader.of(data, 4).build(), "pool9", dir.resolve("x.npy"),
                        Map.of());
            }
        });
        assertEquals("--layer: tiny has no layer 'pool9'; its layers are conv1, bn1, flatten1, fc", e.getMessage());
    }
}
