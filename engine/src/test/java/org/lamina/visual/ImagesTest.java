package org.lamina.visual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @Test
    void greyImageMapsTheRangeOntoBlackToWhite() {
        BufferedImage img = Images.fromChw(new float[] {-2f, 0f, 2f, 1f}, 0, 1, 2, 2);
        assertEquals(0x000000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x808080, img.getRGB(1, 0) & 0xffffff);
        assertEquals(0xffffff, img.getRGB(0, 1) & 0xffffff);
        assertEquals(0xbfbfbf, img.getRGB(1, 1) & 0xffffff);
    }

    @Test
    void rgbChannelsAreReadPlaneByPlane() {
        // 3 x 1 x 2: red plane (1, 0), green plane (0, 1), blue plane (0, 0); range fixed to [0, 1]
        BufferedImage img = Images.fromChw(new float[] {1, 0, 0, 1, 0, 0}, 0, 3, 1, 2, 0f, 1f);
        assertEquals(0xff0000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x00ff00, img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void heatmapGoesFromBlueToRed() {
        BufferedImage img = Images.heatmap(new float[] {0f, 1f}, 1, 2);
        int cold = img.getRGB(0, 0), hot = img.getRGB(1, 0);
        assertEquals(0, (cold >> 16) & 0xff, "the minimum has no red");
        assertEquals(0, hot & 0xff, "the maximum has no blue");
    }

    @Test
    void gridPlacesTilesRowByRow() {
        BufferedImage white = Images.fromChw(new float[] {1f}, 0, 1, 1, 1, 0f, 1f);
        BufferedImage black = Images.fromChw(new float[] {0f}, 0, 1, 1, 1, 0f, 1f);
        BufferedImage g = Images.grid(List.of(black, white, black), 2, 3, 1);
        assertEquals(2 * 3 + 3, g.getWidth());
        assertEquals(2 * 3 + 3, g.getHeight());
        assertEquals(0x000000, g.getRGB(1, 1) & 0xffffff);
        assertEquals(0x000000, g.getRGB(1, 5) & 0xffffff, "the third tile starts the second row");
        assertEquals(0xffffff, g.getRGB(5, 5) & 0xffffff, "no fourth tile: background");
    }

    @Test
    void overlayBlendsByAlpha() {
        BufferedImage black = Images.fromChw(new float[] {0f}, 0, 1, 1, 1, 0f, 1f);
        BufferedImage white = Images.fromChw(new float[] {1f}, 0, 1, 1, 1, 0f, 1f);
        assertEquals(0x404040, Images.overlay(black, white, 0.25).getRGB(0, 0) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> Images.overlay(black, white, 1.5));
    }

    @Test
    void pngRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        BufferedImage img = Images.fromChw(new float[] {0f, 0.5f, 1f, 0.25f}, 0, 1, 2, 2, 0f, 1f);
        Path file = dir.resolve("x.png");
        Images.writePng(img, file);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        int[] a = img.getRGB(0, 0, 2, 2, null, 0, 2), b = back.getRGB(0, 0, 2, 2, null, 0, 2);
        assertArrayEquals(a, b);
    }

    @Test
    void aShapeBeyondTheArrayIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.fromChw(new float[4], 0, 1, 3, 3));
        assertEquals(true, e.getMessage().contains("1 x 3 x 3"));
    }

    @Test
    void aColumnStacksRowsOfDifferentWidthsLeftAligned() {
        BufferedImage a = Images.fromChw(new float[] {0f, 0f}, 0, 1, 1, 2, 0f, 1f); // black, 2 x 1
        BufferedImage b = Images.fromChw(new float[] {1f, 1f, 1f, 1f, 1f, 1f}, 0, 1, 2, 3, 0f, 1f); // white, 3 x 2
        BufferedImage col = Images.column(List.of(a, b), 1);
        assertEquals(3 + 2, col.getWidth());
        assertEquals(1 + 1 + 1 + 2 + 1, col.getHeight());
        assertEquals(0x000000, col.getRGB(1, 1) & 0xffffff);
        assertEquals(0xffffff, col.getRGB(3, 1) & 0xffffff, "beside the narrow row: background");
        assertEquals(0xffffff, col.getRGB(1, 3) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> Images.column(List.of(), 1));
    }
}
