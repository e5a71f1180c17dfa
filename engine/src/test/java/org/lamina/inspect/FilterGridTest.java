package org.lamina.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.lamina.exec.Model;
import org.lamina.testing.TestBackends;

/** The filter grid shows exactly the convolution's weights, each where the layout puts it. */
class FilterGridTest {
    static final int SCALE = 3, PAD = 2;

    @Test
    void everyGreyBlockIsItsWeight() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 7)) {
            FilterGrid g = FilterGrid.first(m);
            assertEquals("conv1", g.layer());
            float[] w = m.param("conv1.weight").toArray();
            assertArrayEquals(w, g.weights());
            float range = 0;
            for (float v : w) {
                range = Math.max(range, Math.abs(v));
            }
            assertEquals(range, g.range());
            BufferedImage img = g.image(SCALE, PAD);
            int k = 5, cols = g.columns(); // 4 one-channel filters: a 2 x 2 grid
            assertEquals(2, cols);
            assertEquals(cols * k * SCALE + (cols + 1) * PAD, img.getWidth());
            for (int f = 0; f < 4; f++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        int level = grey(w[(f * k + y) * k + x], range);
                        for (int dy = 0; dy < SCALE; dy++) {
                            for (int dx = 0; dx < SCALE; dx++) {
                                int px = PAD + (f % cols) * (k * SCALE + PAD) + x * SCALE + dx;
                                int py = PAD + (f / cols) * (k * SCALE + PAD) + y * SCALE + dy;
                                int rgb = img.getRGB(px, py) & 0xffffff;
                                assertEquals(level * 0x010101, rgb, "filter " + f + " (" + y + ", " + x + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLaterConvolutionIsARowPerFilterAndAColourOneATilePerFilter() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 7)) {
            FilterGrid g = FilterGrid.of(m, "conv2");
            assertEquals(6, g.filters());
            assertEquals(4, g.channels());
            assertEquals(4, g.columns(), "one column per input channel");
            assertEquals(24, g.tiles().size());
            float[] w = m.param("conv2.weight").toArray();
            // filter 5, input channel 2, tap (1, 2): tile 5 * 4 + 2
            assertEquals(grey(w[((5 * 4 + 2) * 3 + 1) * 3 + 2], g.range()) * 0x010101,
                    g.tiles().get(5 * 4 + 2).getRGB(2, 1) & 0xffffff);
        }
        try (Model m = new Model(SmallNet.network(3), TestBackends.java(), 7)) {
            FilterGrid g = FilterGrid.first(m);
            assertTrue(g.colour());
            assertEquals(4, g.tiles().size());
            float[] w = m.param("conv1.weight").toArray();
            int rgb = g.tiles().get(3).getRGB(4, 0);
            for (int c = 0; c < 3; c++) {
                assertEquals(grey(w[((3 * 3 + c) * 5) * 5 + 4], g.range()), (rgb >> (16 - 8 * c)) & 0xff, "channel " + c);
            }
        }
    }

    @Test
    void aLayerWithoutFiltersIsNamedWithTheConvolutions() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 7)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterGrid.of(m, "pool1"));
            assertEquals("--layer: pool1 (max_pool2d) has no filters; the convolutions are conv1, conv2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FilterGrid.of(m, "conv9"));
            assertTrue(e.getMessage().startsWith("--layer: small has no layer 'conv9'; its layers are conv1, "),
                    e.getMessage());
        }
    }

    /** The grey level of weight {@code v} in the range [-range, range]. */
    static int grey(float v, float range) {
        return Math.max(0, Math.min(255, Math.round((v + range) * (255f / (2 * range)))));
    }
}
