package org.lamina.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Feature maps are the layer's activation, on either backend, and the picture draws each value. */
class FeatureMapsTest {
    static float[] image(long seed) {
        Random r = new Random(seed);
        float[] x = new float[16 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static FeatureMaps maps(Backend b, String layer) {
        try (Model m = new Model(SmallNet.network(), b, 3); Tensor x = b.tensor(image(1), 1, 1, 16, 16)) {
            return FeatureMaps.of(new Executor(m), x, layer);
        }
    }

    @Test
    void theMapsAreTheWatchedActivation() {
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(SmallNet.network(), b, 3); Tensor x = b.tensor(image(1), 1, 1, 16, 16)) {
                Executor ex = new Executor(m);
                FeatureMaps f = FeatureMaps.of(ex, x, "conv2");
                assertEquals(6, f.channels());
                assertEquals(6, f.height());
                // the training pass watches the same node; this network has no dropout or batch norm
                try (Pass p = ex.forward(Map.of("image", x), 0, Set.of("conv2"))) {
                    assertArrayEquals(p.activation("conv2").toArray(), f.values(), b.device());
                }
            }
        }
        float[] java = maps(TestBackends.java(), "pool1").values(), cl = maps(TestBackends.openCl(), "pool1").values();
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i], cl[i], 1e-4 * (1 + Math.abs(java[i])), "OpenCL and Java at " + i);
        }
    }

    @Test
    void thePictureShowsEveryValueInTheLayersRange() {
        FeatureMaps f = maps(TestBackends.java(), "conv1");
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : f.values()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        BufferedImage img = f.image(1, 1);
        assertEquals(2 * 16 + 3, img.getWidth(), "4 maps: 2 x 2");
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float v = f.map(c)[y * 16 + x];
                    int level = Math.round((v - lo) * (255f / (hi - lo)));
                    int px = 1 + (c % 2) * 17 + x, py = 1 + (c / 2) * 17 + y;
                    assertEquals(level * 0x010101, img.getRGB(px, py) & 0xffffff, "map " + c + " (" + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void aLayerWithoutMapsListsThoseWithMaps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> maps(TestBackends.java(), "logits"));
        // the ReLUs are fused into the convolutions before them: they are no layers of their own
        assertEquals("--layer: logits (dense) has output [3], not channels x height x width; the layers with feature"
                + " maps are conv1, pool1, conv2, pool2", e.getMessage());
    }
}
