package org.lamina.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.ReceptiveField;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * The top patches are the k highest activations of the unit over the dataset, each cropped to the
 * receptive field of its position: no pixel outside the crop moves the unit.
 */
class TopPatchesTest {
    static final Normalization NORM = Normalization.of(0.4f, 0.3f);

    static ImageDataset data(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 256], labels = new byte[n];
        r.nextBytes(px);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
        }
        return new ImageDataset("noise", n, 1, 16, 16, px, labels, List.of("a", "b", "c"));
    }

    /** The unit's map for image {@code i} alone, through the plain inference pass. */
    static float[] map(Executor ex, ImageDataset d, int i, int channel) {
        return map(ex, TopPatches.normalized(d, NORM, i, 1), channel);
    }

    static float[] map(Executor ex, float[] x, int channel) {
        try (Tensor t = ex.backend().tensor(x, 1, 1, 16, 16)) {
            return FeatureMaps.of(ex, t, "conv2").map(channel);
        }
    }

    @Test
    void theyAreTheKHighestOverTheDataset() {
        ImageDataset d = data(40, 5);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(SmallNet.network(), b, 11)) {
                Executor ex = new Executor(m);
                // batches of 16 over 40 images: the last batch is partial
                TopPatches top = TopPatches.find(ex, d, NORM, "conv2", 4, 5, 16);
                List<float[]> all = new ArrayList<>(); // {image, max}
                for (int i = 0; i < d.count(); i++) {
                    float best = -Float.MAX_VALUE;
                    for (float v : map(ex, d, i, 4)) {
                        best = Math.max(best, v);
                    }
                    all.add(new float[] {i, best});
                }
                all.sort(Comparator.comparingDouble(e -> -e[1]));
                assertEquals(5, top.patches().size());
                for (int j = 0; j < 5; j++) {
                    TopPatches.Patch p = top.patches().get(j);
                    assertEquals((int) all.get(j)[0], p.image(), b.device() + ": rank " + j);
                    assertEquals(all.get(j)[1], p.value(), 1e-5f * (1 + Math.abs(p.value())));
                    assertEquals(p.image() % 3, p.label());
                    assertEquals(p.value(), map(ex, d, p.image(), 4)[p.y() * 6 + p.x()], 1e-5f * (1 + Math.abs(p.value())),
                            "the value at the position given");
                }
                assertTrue(top.patches().get(4).value() >= all.get(5)[1], "nothing left out is stronger");
            }
        }
    }

    @Test
    void theCropIsTheReceptiveFieldOfThePosition() {
        ReceptiveField f = ReceptiveField.of(SmallNet.network()).get("conv2");
        // conv1 5x5 pad 2, pool 2, conv2 3x3: 5 + 1 + 2 * 2 = 10 pixels, a step of 2, starting 2 rows before the image
        assertEquals(10, f.rows());
        assertEquals(10, f.columns());
        assertEquals(-2, f.top(0));
        assertEquals(8, f.top(5));
        ImageDataset d = data(30, 9);
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 11)) {
            Executor ex = new Executor(m);
            TopPatches top = TopPatches.find(ex, d, NORM, "conv2", 1, 6, 64);
            Random r = new Random(3);
            for (TopPatches.Patch p : top.patches()) {
                assertEquals(-2 + 2 * p.y(), p.top());
                assertEquals(-2 + 2 * p.x(), p.left());
                assertEquals(10, p.rows());
                float[] x = TopPatches.normalized(d, NORM, p.image(), 1);
                float before = map(ex, x, 1)[p.y() * 6 + p.x()];
                // every pixel outside the crop changed: the unit does not move
                float[] outside = x.clone(), inside = x.clone();
                for (int y = 0; y < 16; y++) {
                    for (int xx = 0; xx < 16; xx++) {
                        boolean in = y >= p.top() && y < p.top() + p.rows() && xx >= p.left() && xx < p.left() + p.columns();
                        (in ? inside : outside)[y * 16 + xx] += (float) r.nextGaussian() * 3;
                        // the crop holds the image's pixels where it covers the image, NaN in the padding
                        if (in) {
                            int q = (y - p.top()) * p.columns() + (xx - p.left());
                            assertEquals((d.pixels()[p.image() * 256 + y * 16 + xx] & 0xff) / 255f, p.pixels()[q]);
                        }
                    }
                }
                assertEquals(before, map(ex, outside, 1)[p.y() * 6 + p.x()], "pixels outside the field");
                assertNotEquals(before, map(ex, inside, 1)[p.y() * 6 + p.x()], "pixels inside the field");
                if (p.top() < 0) {
                    assertTrue(Float.isNaN(p.pixels()[0]), "padding is NaN");
                }
            }
        }
    }

    @Test
    void mistakesAreNamed() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 11)) {
            Executor ex = new Executor(m);
            ImageDataset d = data(4, 1);
            assertEquals("--unit: conv2 has channels 0 to 5; 6 is not one of them", assertThrows(
                    IllegalArgumentException.class, () -> TopPatches.find(ex, d, NORM, "conv2", 6, 3, 8)).getMessage());
            assertEquals("--unit: conv2 has channels 0 to 5; -1 is not one of them", assertThrows(
                    IllegalArgumentException.class, () -> TopPatches.find(ex, d, NORM, "conv2", -1, 3, 8)).getMessage());
            assertEquals("--top: 0 is not a number of patches (give 1 or more)", assertThrows(
                    IllegalArgumentException.class, () -> TopPatches.find(ex, d, NORM, "conv2", 0, 0, 8)).getMessage());
            // a dense unit sees the whole image
            TopPatches dense = TopPatches.find(ex, d, NORM, "logits", 2, 2, 8);
            assertEquals(16, dense.patches().get(0).rows());
            assertEquals(0, dense.patches().get(0).top());
            assertTrue(dense.field().global());
            assertNotNull(dense.image(d.classNames(), 2));
        }
        Collections.emptyList();
    }
}
