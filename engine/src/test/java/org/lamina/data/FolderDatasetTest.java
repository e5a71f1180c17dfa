package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class-per-folder datasets: layout, classes, decoding, resizing, channel conversion and the errors. */
class FolderDatasetTest {

    /** A grey PNG whose pixel (y, x) is {@code base + 3y + x}. */
    static Path grey(Path file, int h, int w, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (base + 3 * y + x) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** An RGB image (PNG or JPEG by the name) of one colour. */
    static Path colour(Path file, int h, int w, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        ImageIO.write(img, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    @Test
    void readsTrainAndTestFoldersWithSortedClassesAndExactGreyLevels(@TempDir Path root) throws IOException {
        grey(root.resolve("train/shirt/a.png"), 4, 5, 10);
        grey(root.resolve("train/shirt/b.png"), 4, 5, 20);
        grey(root.resolve("train/boot/x.png"), 4, 5, 100);
        grey(root.resolve("test/shirt/t.png"), 4, 5, 50);
        Files.writeString(root.resolve("train/boot/notes.txt"), "not an image, left out");
        Datasets.Split s = Datasets.load("folder:" + root, null, Integer.MAX_VALUE, Integer.MAX_VALUE);
        ImageDataset train = s.train();
        assertEquals(List.of("boot", "shirt"), train.classNames(), "sorted by folder name");
        assertEquals(3, train.count());
        assertEquals(1, train.channels());
        assertEquals(4, train.height());
        assertEquals(5, train.width());
        // the classes in turn: boot/x, shirt/a, shirt/b
        assertEquals(0, train.label(0));
        assertEquals(1, train.label(1));
        assertEquals(1, train.label(2));
        assertEquals(100 + 3 * 2 + 4, train.pixels()[2 * 5 + 4] & 0xff, "the stored level, no colour conversion");
        assertEquals(20 + 3 * 3 + 1, train.pixels()[2 * 20 + 3 * 5 + 1] & 0xff);
        assertEquals(1, s.test().count());
        assertEquals(1, s.test().label(0));
        assertEquals(50, s.test().pixels()[0] & 0xff);
        assertEquals(1, s.normalization().channels());
        // --limit 2 keeps both classes
        ImageDataset two = FolderDataset.load(root, FolderDataset.Options.AS_IS, 2, 1).train();
        assertEquals(2, two.count());
        assertNotEquals(two.label(0), two.label(1));
    }

    @Test
    void oneTreeWithoutTestFolderAndTheSameFolderAsDataset(@TempDir Path root) throws IOException {
        grey(root.resolve("cat/1.png"), 3, 3, 0);
        grey(root.resolve("dog/1.png"), 3, 3, 9);
        Datasets.Split s = Datasets.load("folder", root, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertNull(s.test());
        assertEquals(List.of("cat", "dog"), s.train().classNames());
    }

    /** A grey PNG whose pixel (y, x) is {@code f(y, x)}. */
    static Path grey(Path file, int h, int w, IntBinaryOperator f) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, f.applyAsInt(y, x) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    static void assertLevels(int[] expected, byte[] pixels, int offset, String what) {
        for (int i = 0; i < expected.length; i++) {
            // PIL rounds in fixed point: one level apart at most
            assertEquals(expected[i], pixels[offset + i] & 0xff, 1, what + " pixel " + i);
        }
    }

    @Test
    void resizesAsPilDoesStretchingOrCroppingAndConvertsChannels(@TempDir Path root) throws IOException {
        grey(root.resolve("train/a/ramp.png"), 6, 9, (y, x) -> 7 * y + 11 * x);
        grey(root.resolve("train/b/half.png"), 4, 8, (y, x) -> x >= 4 ? 200 : 0);
        grey(root.resolve("train/c/small.png"), 3, 4, (y, x) -> 37 * y * y + 11 * x + 5);
        colour(root.resolve("train/d/red.png"), 6, 6, 0xC86432);
        // PIL's Image.resize(..., BILINEAR) of the same images (Pillow 9.4):
        //   a = [[(7*y+11*x)%256 for x in range(9)] for y in range(6)]; Image.fromarray(a).resize((5, 4))
        int[] ramp = {9, 26, 47, 68, 85, 18, 35, 56, 77, 94, 29, 46, 67, 88, 105, 38, 55, 76, 97, 114};
        ImageDataset s = FolderDataset.load(root, new FolderDataset.Options(4, 5, 1, FolderDataset.Fit.STRETCH),
                Integer.MAX_VALUE, 0).train();
        assertLevels(ramp, s.pixels(), 0, "shrunk ramp");
        // the image half black, half 200 at 4x8 shrunk to 4x5: symmetric about the middle
        assertEquals(s.pixels()[20 + 2] & 0xff, 100, 1);
        assertEquals(200, (s.pixels()[20] & 0xff) + (s.pixels()[20 + 4] & 0xff), 1);
        // the red image as grey: its luma 0.2989 * 200 + 0.587 * 100 + 0.114 * 50, stretched or not
        assertEquals(Math.round(0.2989f * 200 + 0.587f * 100 + 0.114f * 50), s.pixels()[3 * 20] & 0xff);
        // enlarged: Image.fromarray([[(37*y*y+11*x+5)%256 for x in range(4)] for y in range(3)]).resize((7, 5))
        int[] up = {5, 9, 15, 22, 28, 34, 38, 20, 24, 30, 37, 43, 49, 53, 42, 46, 52, 59, 65, 71, 75, 109, 113, 119,
            126, 132, 138, 142, 153, 157, 163, 170, 176, 182, 186};
        ImageDataset u = FolderDataset.load(root, new FolderDataset.Options(5, 7, 1, FolderDataset.Fit.STRETCH),
                Integer.MAX_VALUE, 0).train();
        assertLevels(up, u.pixels(), 2 * 35, "enlarged");
        // cropped to 2x2: the half image's centre 4x4 window (columns 2..5) shrunk, as
        // Image.crop((2, 0, 6, 4)).resize((2, 2)) gives [[29, 171], [29, 171]]; the same as stretching 4x8 here
        ImageDataset c = FolderDataset.load(root, new FolderDataset.Options(2, 2, 3, FolderDataset.Fit.CROP),
                Integer.MAX_VALUE, 0).train();
        assertEquals(3, c.channels());
        int half = c.imageSize();
        assertLevels(new int[] {29, 171, 29, 171}, c.pixels(), half, "cropped, red");
        assertLevels(new int[] {29, 171, 29, 171}, c.pixels(), half + 4, "grey copied to green");
        // the 6x9 ramp cropped to its centre 6x6 (columns 1..6) and shrunk to 2x2: crop, then resize
        ImageDataset square = FolderDataset.load(root, new FolderDataset.Options(6, 6, 1, FolderDataset.Fit.CROP),
                Integer.MAX_VALUE, 0).train();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(7 * y + 11 * (x + 1), square.pixels()[y * 6 + x] & 0xff, "crop without scaling");
            }
        }
        assertLevels(new int[] {200, 100, 50}, new byte[] {c.pixels()[3 * half], c.pixels()[3 * half + 4],
            c.pixels()[3 * half + 8]}, 0, "the red image's channels");
    }

    @Test
    void aJpegDecodesNearItsColour(@TempDir Path root) throws IOException {
        colour(root.resolve("train/a/one.jpg"), 16, 16, 0x3080C0);
        colour(root.resolve("train/b/two.jpeg"), 16, 16, 0xC08030);
        ImageDataset d = FolderDataset.load(root, FolderDataset.Options.AS_IS, Integer.MAX_VALUE, 0).train();
        assertEquals(3, d.channels());
        assertEquals(0x30, d.pixels()[0] & 0xff, 4);
        assertEquals(0x80, d.pixels()[256] & 0xff, 4);
        assertEquals(0xC0, d.pixels()[512] & 0xff, 4);
    }

    @Test
    void clearErrors(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/train/a"));
        grey(dir.resolve("empty/train/b/1.png"), 2, 2, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("empty"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("holds no images"), e.getMessage());

        grey(dir.resolve("bad/train/a/1.png"), 2, 2, 0);
        Path broken = dir.resolve("bad/train/b/broken.png");
        Files.createDirectories(broken.getParent());
        byte[] png = Files.readAllBytes(dir.resolve("bad/train/a/1.png"));
        Files.write(broken, Arrays.copyOf(png, 40));
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("bad"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        Files.writeString(broken, "plain text");
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("bad"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains(broken.toString()) && e.getMessage().contains("not an image"), e.getMessage());

        grey(dir.resolve("mixed/train/a/1.png"), 2, 2, 0);
        colour(dir.resolve("mixed/train/b/1.png"), 2, 2, 0xFF0000);
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("mixed"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains("--channels") && e.getMessage().contains("grey"), e.getMessage());
        assertEquals(1, FolderDataset.load(dir.resolve("mixed"), new FolderDataset.Options(0, 0, 1,
                FolderDataset.Fit.STRETCH), 10, 10).train().channels());

        grey(dir.resolve("sizes/train/a/1.png"), 2, 2, 0);
        grey(dir.resolve("sizes/train/b/1.png"), 3, 2, 0);
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("sizes"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains("--image-size") && e.getMessage().contains("3x2"), e.getMessage());

        Files.createDirectories(dir.resolve("none/train"));
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("none"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains("no class folders"), e.getMessage());

        grey(dir.resolve("extra/train/a/1.png"), 2, 2, 0);
        grey(dir.resolve("extra/test/zebra/1.png"), 2, 2, 0);
        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("extra"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(dir.resolve("missing"),
                FolderDataset.Options.AS_IS, 10, 10));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FolderDataset.Options.size("32y32"));
        assertArrayEquals(new int[] {24, 32}, FolderDataset.Options.size("24x32"));
        assertArrayEquals(new int[] {28, 28}, FolderDataset.Options.size("28"));
    }
}
