package org.lamina.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputImageTest {

    /** A JPEG of {@code w x h} with its frame header (SOF0) changed to claim {@code claimW x claimH}. */
    private static Path jpegClaiming(Path dir, int claimW, int claimH) throws IOException {
        Path f = dir.resolve("claim.jpg");
        ImageIO.write(new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB), "jpeg", f.toFile());
        byte[] b = Files.readAllBytes(f);
        for (int i = 0; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xc0) {
                b[i + 5] = (byte) (claimH >> 8);
                b[i + 6] = (byte) claimH;
                b[i + 7] = (byte) (claimW >> 8);
                b[i + 8] = (byte) claimW;
                return Files.write(f, b);
            }
        }
        throw new AssertionError("no SOF0 marker");
    }

    @Test
    void readsAnImageAndResizesIt(@TempDir Path dir) throws IOException {
        BufferedImage image = InputImage.read(jpegClaiming(dir, 6, 5));
        assertEquals(6, image.getWidth());
        assertEquals(3 * 32 * 32, InputImage.pixels(image, 3, 32, 32).length);
    }

    /**
     * Found writing InputImageFuzzTest's seeds: 654 bytes claiming 20000 x 20000 pixels made the JPEG
     * reader allocate 1.2 GB before reading any data (OutOfMemoryError with the fuzzer's 512 MB heap).
     */
    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        Path f = jpegClaiming(dir, 20000, 20000);
        var e = assertThrows(IllegalArgumentException.class, () -> InputImage.read(f));
        assertEquals("predict: --input " + f + " is 20000 x 20000 pixels; Lamina reads images of 1 to 33554432 pixels",
                e.getMessage());
    }

    @Test
    void aFileThatIsNoImageIsNamed(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("x.png"), "hello");
        var e = assertThrows(IllegalArgumentException.class, () -> InputImage.read(f));
        assertEquals("predict: " + f + " is not an image Java can read (PNG, JPEG, BMP, GIF)", e.getMessage());
    }
}
