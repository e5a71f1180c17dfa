package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lamina.visual.Images;

/** The image {@code predict} classifies and {@code explain} explains: read from a file (PNG, JPEG, BMP, GIF), then resized to the model's input. */
final class InputImage {
    /**
     * The most pixels read (8K UHD, 7680 x 4320, is 33.2 million): a decoder allocates the whole image
     * from the header's size before reading any data, so a few bytes claiming 65535 x 65535 would
     * otherwise ask for 17 GB.
     */
    static final long MAX_PIXELS = 1L << 25;

    private InputImage() {
    }

    /**
     * Reads the first image of {@code file}.
     *
     * @throws IllegalArgumentException naming the file: not an image Java reads, truncated or corrupt,
     *     or larger than {@link #MAX_PIXELS}
     */
    static BufferedImage read(Path file) {
        return read(file, "predict");
    }

    /** As {@link #read(Path)}, errors starting with {@code command} (the command reading the image). */
    static BufferedImage read(Path file, String command) {
        String prefix = command + ": ";
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(prefix + file + " is not an image Java can read (PNG, JPEG, "
                        + "BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0), height = reader.getHeight(0);
                if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
                    throw new IllegalArgumentException(prefix + "--input " + file + " is " + width + " x " + height
                            + " pixels; Lamina reads images of 1 to " + MAX_PIXELS + " pixels");
                }
                BufferedImage image = reader.read(0, reader.getDefaultReadParam());
                if (image == null) {
                    throw new IllegalArgumentException(prefix + file + " holds no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(prefix)) {
                throw (IllegalArgumentException) e;
            }
            // ImageIO's text ("Error skipping PNG metadata") names neither the file nor the problem
            throw new IllegalArgumentException(prefix + "--input " + file + " is truncated or corrupt ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }

    /** The image resized to {@code h x w} (area averaging when shrinking), values in [0, 1], CHW. */
    static float[] pixels(BufferedImage src, int channels, int h, int w) {
        return Images.toChw(src, channels, h, w);
    }

    /** The mean gray level of the border pixels of the first channel (whether the background is light). */
    static double borderMean(float[] px, int[] shape) {
        int h = shape[1], w = shape[2];
        double s = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                    s += px[y * w + x];
                    n++;
                }
            }
        }
        return s / n;
    }
}
