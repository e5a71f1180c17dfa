package org.lamina.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small MNIST-format dataset that a LeNet learns in an epoch or two: class k is a bright
 * horizontal band at rows 6k..6k+5 of a noisy 28x28 image (k < 4).
 */
final class SyntheticDigits {
    static final int CLASSES = 4;

    private SyntheticDigits() {
    }

    static Path write(Path dir, int train, int test, long seed) throws IOException {
        Random rnd = new Random(seed);
        write(dir, "train", train, rnd);
        write(dir, "t10k", test, rnd);
        return dir;
    }

    /** One image of class {@code k}, bytes row-major. */
    static byte[] image(int k, Random rnd) {
        byte[] px = new byte[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = rnd.nextInt(60) + (y >= 6 * k + 2 && y < 6 * k + 7 && x > 3 && x < 24 ? 180 : 0);
                px[y * 28 + x] = (byte) Math.min(255, v);
            }
        }
        return px;
    }

    private static void write(Path dir, String split, int n, Random rnd) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream(), labels = new ByteArrayOutputStream();
        header(images, new int[] {n, 28, 28});
        header(labels, new int[] {n});
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(CLASSES);
            labels.write(k);
            images.writeBytes(image(k, rnd));
        }
        Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), gzip(images.toByteArray()));
        Files.write(dir.resolve(split + "-labels-idx1-ubyte.gz"), gzip(labels.toByteArray()));
    }

    private static void header(ByteArrayOutputStream out, int[] dims) {
        out.write(0);
        out.write(0);
        out.write(8);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
