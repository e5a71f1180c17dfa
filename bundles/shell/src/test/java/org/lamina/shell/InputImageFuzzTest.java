package org.lamina.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the image path of {@code predict}: an image file (PNG, JPEG, BMP, GIF seeds) read by
 * ImageIO and resized to a one-channel 28 x 28 and a three-channel 32 x 32 input. The JDK's decoders
 * are not instrumented, so the fuzzer works by mutating the seeds rather than by following coverage
 * inside them; what it checks is the contract (a result or one line) and bounded memory and time.
 */
class InputImageFuzzTest {
    private static final Path DIR = UserErrors.scratch("image");

    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = UserErrors.write(DIR.resolve("input.img"), bytes);
        BufferedImage image = UserErrors.resultOrUserError(file, () -> InputImage.read(file));
        if (image != null) {
            assertEquals(28 * 28, InputImage.pixels(image, 1, 28, 28).length);
            assertEquals(3 * 32 * 32, InputImage.pixels(image, 3, 32, 32).length);
        }
    }
}
