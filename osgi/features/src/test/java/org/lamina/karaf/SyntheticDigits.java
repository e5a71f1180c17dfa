package org.lamina.karaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small dataset in MNIST's files (IDX, gzipped) that LeNet-5 learns quickly: class k is a bright
 * horizontal band at rows 6k+2..6k+6 of a noisy 28x28 image (k < 4). As in the command line's tests.
 */
final class SyntheticDigits {
    private SyntheticDigits() {
    }

    static Path write(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        write(dir, "train", train, rnd);
        write(dir, "t10k", test, rnd);
        return dir;
    }

    private static void write(Path dir, String split, int n, Random rnd) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream(), labels = new ByteArrayOutputStream();
        header(images, new int[] {n, 28, 28});
        header(labels, new int[] {n});
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(4);
            labels.write(k);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = rnd.nextInt(60) + (y >= 6 * k + 2 && y < 6 * k + 7 && x > 3 && x < 24 ? 180 : 0);
                    images.write(Math.min(255, v));
                }
            }
        }
        Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), gzip(images.toByteArray()));
        Files.write(dir.resolve(split + "-labels-idx1-ubyte.gz"), gzip(labels.toByteArray()));
    }

    private static void header(ByteArrayOutputStream out, int[] dims) {
        out.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
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
