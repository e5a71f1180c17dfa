package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks and target images read from PNG files beside a folder dataset: the file each image's mask or
 * target is, their values, their resizing with the images, and the one-line refusals.
 */
class FolderMasksTest {

    /** A grey 8-bit PNG whose pixel (y, x) is {@code value(y, x)}. */
    static Path greyMask(Path file, int h, int w, IntBinaryOperator value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value.applyAsInt(y, x));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A palette PNG (as Pascal VOC's masks) whose pixel (y, x) is the palette index {@code value(y, x)}. */
    static Path paletteMask(Path file, int h, int w, IntBinaryOperator value) throws IOException {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (i * 37);
            g[i] = (byte) (255 - i);
            b[i] = (byte) (i * 11);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value.applyAsInt(y, x));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static FolderDataset.PixelFiles masks(Path dir, int classes) {
        return new FolderDataset.PixelFiles(dir, classes, null);
    }

    private static Datasets.Split load(Path root, FolderDataset.Options o, FolderDataset.PixelFiles files) {
        return FolderDataset.load(root, o, files, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void eachImageGetsTheMaskOfItsPathWithItsValuesAsStored(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("data"), m = dir.resolve("masks");
        FolderDatasetTest.grey(root.resolve("train/street/a.png"), 3, 4, 0);
        FolderDatasetTest.colour(root.resolve("train/street/b.jpg"), 3, 4, 0x336699);
        FolderDatasetTest.grey(root.resolve("test/street/t.png"), 3, 4, 7);
        greyMask(m.resolve("train/street/a.png"), 3, 4, (y, x) -> x == 0 ? 255 : (y + x) % 3);
        // a JPEG image's mask is the PNG of its name; a palette PNG's pixels are its indices
        paletteMask(m.resolve("train/street/b.png"), 3, 4, (y, x) -> y == 2 ? 4 : 1);
        greyMask(m.resolve("test/street/t.png"), 3, 4, (y, x) -> 2);
        Datasets.Split s = load(root, new FolderDataset.Options(0, 0, 3, FolderDataset.Fit.STRETCH),
                masks(m, 0));
        ImageDataset train = s.train();
        assertTrue(train.hasMasks());
        assertFalse(train.hasTargets());
        assertEquals(2 * 12, train.masks().length);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(x == 0 ? 255 : (y + x) % 3, train.masks()[y * 4 + x] & 0xff, "a.png at " + y + "," + x);
                assertEquals(y == 2 ? 4 : 1, train.masks()[12 + y * 4 + x] & 0xff, "b.png at " + y + "," + x);
            }
        }
        assertEquals(5, FolderDataset.maskClasses(train), "one more than the largest class, 255 left out");
        assertEquals(2, s.test().masks()[5] & 0xff);
        // the validation split and --limit keep each image's mask with it
        ValidationSplit held = ValidationSplit.of(train, "1", 3);
        int kept = held.indices()[0] == 0 ? 1 : 0;
        assertArrayEquals(java.util.Arrays.copyOfRange(train.masks(), kept * 12, kept * 12 + 12),
                held.train().masks());
        assertArrayEquals(java.util.Arrays.copyOfRange(train.masks(), 0, 12), train.head(1).masks());
    }

    @Test
    void masksAreResizedByTheNearestPixelOfTheImagesWindow(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("data"), m = dir.resolve("masks");
        FolderDatasetTest.grey(root.resolve("c/a.png"), 4, 8, 0);
        greyMask(m.resolve("c/a.png"), 4, 8, (y, x) -> 10 * y + x);
        // stretched to 2x4: output (y, x) takes the source pixel under its centre, (2y + 1, 2x + 1)
        ImageDataset s = load(root, new FolderDataset.Options(2, 4, 0, FolderDataset.Fit.STRETCH), masks(m, 0)).train();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 * (2 * y + 1) + 2 * x + 1, s.masks()[y * 4 + x] & 0xff, "stretch " + y + "," + x);
            }
        }
        // cropped to 4x4: the centred 4x4 window, columns 2..5, as the image's
        ImageDataset c = load(root, new FolderDataset.Options(4, 4, 0, FolderDataset.Fit.CROP), masks(m, 0)).train();
        ImageDataset plain = load(root, new FolderDataset.Options(4, 4, 0, FolderDataset.Fit.CROP),
                FolderDataset.PixelFiles.NONE).train();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 * y + x + 2, c.masks()[y * 4 + x] & 0xff, "crop " + y + "," + x);
                // the image's pixel (y, x) is 3y + x' of its source column x': the same column 2 + x
                assertEquals(3 * y + x + 2, plain.pixels()[y * 4 + x] & 0xff, "the image's crop " + y + "," + x);
            }
        }
        // upscaling repeats pixels: 4x8 to 8x16
        ImageDataset up = load(root, new FolderDataset.Options(8, 16, 0, FolderDataset.Fit.STRETCH), masks(m, 0)).train();
        assertEquals(10 * 3 + 7, up.masks()[7 * 16 + 15] & 0xff);
        assertEquals(10 * 1 + 2, up.masks()[3 * 16 + 5] & 0xff);
    }

    @Test
    void targetImagesAreReadAndResizedAsTheImages(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("data"), t = dir.resolve("clean");
        FolderDatasetTest.grey(root.resolve("train/n/a.png"), 4, 6, 0);
        FolderDatasetTest.grey(root.resolve("test/n/b.png"), 4, 6, 0);
        // same name; else the same stem with another image extension
        FolderDatasetTest.colour(t.resolve("train/n/a.png"), 4, 6, 0x102030);
        BufferedImage bmp = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                bmp.setRGB(x, y, 0x405060);
            }
        }
        Files.createDirectories(t.resolve("test/n"));
        assertTrue(ImageIO.write(bmp, "bmp", t.resolve("test/n/b.bmp").toFile()));
        Datasets.Split s = load(root, new FolderDataset.Options(2, 3, 0, FolderDataset.Fit.STRETCH),
                new FolderDataset.PixelFiles(null, 0, t));
        ImageDataset train = s.train();
        assertEquals(1, train.channels(), "the inputs stay grey");
        assertEquals(3, train.targetChannels(), "the targets keep their colour");
        assertEquals(3 * 6, train.targets().length);
        assertEquals(0x10, train.targets()[0] & 0xff);
        assertEquals(0x20, train.targets()[6] & 0xff);
        assertEquals(0x30, train.targets()[12 + 5] & 0xff);
        assertEquals(0x60, s.test().targets()[17] & 0xff);
    }

    @Test
    void refusalsNameTheFileAndTheValue(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("data"), m = dir.resolve("masks");
        Path image = FolderDatasetTest.grey(root.resolve("c/a.png"), 3, 3, 0);
        FolderDataset.Options o = FolderDataset.Options.AS_IS;

        var missing = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertEquals("no mask for image " + image + ": looked for " + m.resolve("c/a.png") + " (or .bmp, .gif)",
                missing.getMessage());

        Path wrong = greyMask(m.resolve("c/a.png"), 3, 4, (y, x) -> 0);
        var size = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertEquals("mask " + wrong + " is 3x4 but its image " + image + " is 3x3; a mask is the size of its image",
                size.getMessage());

        greyMask(m.resolve("c/a.png"), 3, 3, (y, x) -> y == 1 && x == 2 ? 3 : 1);
        var cls = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 3)));
        assertTrue(cls.getMessage().startsWith("mask " + wrong + ": pixel (x 2, y 1) is class 3, not below the 3"
                + " classes (255 marks"), cls.getMessage());
        assertEquals(4, FolderDataset.maskClasses(load(root, o, masks(m, 0)).train()), "without a count: 3 + 1");

        greyMask(m.resolve("c/a.png"), 3, 3, (y, x) -> 255);
        var none = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertEquals("masks in " + m + ": every pixel of the masks of data/train is 255 (does not count); a mask's"
                + " pixel is a class index", none.getMessage());

        FolderDatasetTest.colour(m.resolve("c/a.png"), 3, 3, 0x010203);
        var colour = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertEquals("mask " + wrong + " has 3 channels; a mask holds one class index per pixel (a grey or palette"
                + " PNG)", colour.getMessage());

        Files.write(m.resolve("c/a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        var corrupt = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertTrue(corrupt.getMessage().startsWith("mask " + wrong + " is "), corrupt.getMessage());
        assertFalse(corrupt.getMessage().contains("\n"), corrupt.getMessage());

        Files.delete(m.resolve("c/a.png"));
        FolderDatasetTest.colour(m.resolve("c/a.jpg"), 3, 3, 0);
        var jpeg = assertThrows(IllegalArgumentException.class, () -> load(root, o, masks(m, 0)));
        assertTrue(jpeg.getMessage().contains("is a JPEG"), jpeg.getMessage());

        Path t = dir.resolve("targets");
        var noTarget = assertThrows(IllegalArgumentException.class,
                () -> load(root, o, new FolderDataset.PixelFiles(null, 0, t)));
        assertTrue(noTarget.getMessage().startsWith("no target image for image " + image + ": looked for "
                + t.resolve("c/a.png")), noTarget.getMessage());
        Path big = FolderDatasetTest.grey(t.resolve("c/a.png"), 4, 3, 0);
        var targetSize = assertThrows(IllegalArgumentException.class,
                () -> load(root, o, new FolderDataset.PixelFiles(null, 0, t)));
        assertEquals("target image " + big + " is 4x3 but its image " + image + " is 3x3; a target image is the size"
                + " of its image", targetSize.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FolderDataset.PixelFiles(m, 256, null));
    }
}
