package org.lamina.tensorboard;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.data.ImageDataset;

/** The pictures' layout and scale, pixel by pixel, on filters and images small enough to reason about. */
class ImageGridTest {
    /** 1x1 filters are enlarged 48 times; each tile follows a 1-pixel border. */
    static final int Z = 48;

    @Test
    void filtersOverThreeChannelsAreColourTilesOnOneScale() {
        // two filters: (1, 0, -1) and (0.5, 0.25, 0); the largest magnitude is 1
        BufferedImage img = ImageGrid.filters(new float[] {1, 0, -1, 0.5f, 0.25f, 0}, new int[] {2, 3, 1, 1});
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(1 + 2 * (Z + 1), img.getWidth(), "two tiles in a row");
        assertEquals(1 + Z + 1, img.getHeight());
        assertEquals(0xff8000, img.getRGB(1, 1) & 0xffffff, "red 1 -> 255, green 0 -> 128, blue -1 -> 0");
        assertEquals(0xbf9f80, img.getRGB(1 + Z + 1 + 5, 5) & 0xffffff);
        assertEquals(0x202020, img.getRGB(0, 0) & 0xffffff, "the border");
    }

    @Test
    void filtersOverOtherChannelCountsAreAGreyRowPerFilter() {
        // three filters over two channels, 1x1: rows are filters, columns channels
        float[] w = {2, -2, 0, 1, -1, 0};
        BufferedImage img = ImageGrid.filters(w, new int[] {3, 2, 1, 1});
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(1 + 2 * (Z + 1), img.getWidth());
        assertEquals(1 + 3 * (Z + 1), img.getHeight());
        int[] want = {255, 0, 128, 191, 64, 128};
        for (int i = 0; i < 6; i++) {
            int x = 1 + (i % 2) * (Z + 1) + Z / 2, y = 1 + (i / 2) * (Z + 1) + Z / 2;
            assertEquals(want[i], img.getRaster().getSample(x, y, 0), "filter " + i / 2 + " channel " + i % 2);
        }
    }

    @Test
    void aWeightThatIsNotAConvolutionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.filters(new float[6], new int[] {2, 3}));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void samplesInColourKeepTheirChannels() {
        // one 1x1 RGB image (10, 20, 30) and one (200, 100, 0)
        ImageDataset d = new ImageDataset("two", 2, 3, 1, 1, new byte[] {10, 20, 30, (byte) 200, 100, 0},
                new byte[] {0, 1}, List.of("a", "b"));
        BufferedImage img = ImageGrid.samples(d, 5);
        int zoom = 56;
        assertEquals(1 + 2 * (zoom + 1), img.getWidth(), "two images in a 2x1 grid");
        assertEquals(1 + zoom + 1, img.getHeight());
        assertEquals(0x0a141e, img.getRGB(1, 1) & 0xffffff);
        assertEquals(0xc86400, img.getRGB(1 + zoom + 1, 1) & 0xffffff);
    }
}
