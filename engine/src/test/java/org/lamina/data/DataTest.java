package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX and CIFAR-10 readers, validation, batching, shuffling and augmentation. */
class DataTest {

    static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** A tiny MNIST-style dataset of {@code n} 4x3 images, pixel i of image k = 10k + i. */
    static Path tinyMnist(Path dir, int n, boolean gz) throws IOException {
        byte[] px = new byte[n * 12], lab = new byte[n];
        for (int k = 0; k < n; k++) {
            lab[k] = (byte) (k % 10);
            for (int i = 0; i < 12; i++) {
                px[k * 12 + i] = (byte) (10 * k + i);
            }
        }
        for (String split : new String[] {"train", "t10k"}) {
            byte[] images = idx(new int[] {n, 4, 3}, px), labels = idx(new int[] {n}, lab);
            Files.write(dir.resolve(split + "-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(images) : images);
            Files.write(dir.resolve(split + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(labels) : labels);
        }
        return dir;
    }

    @Test
    void readsIdxGzippedOrNot(@TempDir Path dir) throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path d = Files.createDirectories(dir.resolve("gz" + gz));
            Datasets.Split s = Datasets.load("mnist", tinyMnist(d, 5, gz));
            assertEquals(5, s.train().count());
            assertEquals(4, s.train().height());
            assertEquals(3, s.train().width());
            assertEquals(3, s.train().label(3));
            assertEquals(10 * 2 + 7, s.train().pixels()[2 * 12 + 7]);
        }
    }

    @Test
    void badIdxFilesNameTheFileAndOffset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x-idx3-ubyte");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        var e = assertThrows(DataFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("magic number"), e.getMessage());

        byte[] full = idx(new int[] {10, 4, 3}, new byte[120]);
        Files.write(f, Arrays.copyOf(full, full.length - 7));
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(f));
        assertEquals(16 + 113, e.offset());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("byte 129"), e.getMessage());

        Files.write(f, gzip(Arrays.copyOf(full, 30)));
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] floats = full.clone();
        floats[2] = 0x0D;
        Files.write(f, floats);
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("0x0d"), e.getMessage());
    }

    /** Issue 16 item 9: with a limit only the records needed are read and held, gzipped or not. */
    @Test
    void aLimitReadsOnlyTheFirstRecordsOfAHugeGzip(@TempDir Path dir) throws IOException {
        // 200,000 blank 28x28 images (157 MB uncompressed, a few hundred KB gzipped), written as a stream
        int n = 200_000;
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(f))) {
            z.write(idx(new int[] {n, 28, 28}, new byte[0]));
            byte[] image = new byte[28 * 28];
            for (int i = 0; i < n; i++) {
                z.write(image);
            }
        }
        IdxFile head = IdxFile.read(f, 100);
        assertArrayEquals(new int[] {100, 28, 28}, head.dims());
        assertEquals(100 * 28 * 28, head.data().length, "only limit x rows x cols bytes are held");
    }

    @Test
    void aHeaderCountBeyondTheFileIsANamedErrorNotAnAllocation(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bomb-idx3-ubyte");
        // claims 2^31-1 images of 28x28 (1.6 TB) but holds two
        Files.write(f, idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[2 * 28 * 28]));
        var e = assertThrows(DataFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().startsWith(f + " at byte ") && e.getMessage().contains("truncated")
                && e.getMessage().contains("the file ends after 1568"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(f, 1));
        assertTrue(e.getMessage().contains("the file ends after 1568"), e.getMessage());

        // gzipped, its length says nothing: the first records are read, a lying count fails at the end of the data
        Path g = dir.resolve("bomb-idx3-ubyte.gz");
        Files.write(g, gzip(idx(new int[] {1 << 20, 28, 28}, new byte[3 * 28 * 28])));
        assertEquals(2 * 28 * 28, IdxFile.read(g, 2).data().length);
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(g));
        assertTrue(e.getMessage().startsWith(g.toString()) && e.getMessage().contains("the file ends after 2352"),
                e.getMessage());
        // four dimensions near 2^31 overflow a long: too large, not a negative size
        Files.write(g, gzip(idx(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 3}, new byte[9])));
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(g, 5));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void aLimitedDatasetHoldsOnlyTheLimitAndTheWholeTestSplit(@TempDir Path dir) throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path d = Files.createDirectories(dir.resolve("gz" + gz));
            Datasets.Split s = Datasets.load("mnist", tinyMnist(d, 7, gz), 3);
            assertEquals(3, s.train().count());
            assertEquals(3 * 12, s.train().pixels().length);
            assertEquals(2, s.train().label(2));
            assertEquals(7, s.test().count());
        }
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(2, b));
        }
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(3, 0));
        Files.write(dir.resolve("data_batch_4.bin"), new byte[5]); // not read: the limit is reached before it
        Datasets.Split s = Datasets.load("cifar-10", dir, 3);
        assertEquals(3, s.train().count());
        assertEquals(3, s.test().count());
    }

    /** Issue 16 item 8: a folder where an IDX file belongs, and train/test images of different sizes. */
    @Test
    void aFolderOrMismatchedImageSizesAreNamed(@TempDir Path dir) throws IOException {
        tinyMnist(dir, 4, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.delete(images);
        Files.createDirectory(images);
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist", dir));
        assertEquals(images + " is a folder, not an IDX file (mnist needs the file train-images-idx3-ubyte[.gz]"
                + " there)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdxFile.read(images));
        assertEquals(images + " is a folder, not an IDX file", e.getMessage());

        Files.delete(images);
        Files.write(images, idx(new int[] {4, 5, 5}, new byte[100]));
        e = assertThrows(DataFormatException.class, () -> Datasets.load("mnist", dir));
        assertEquals(images + " at byte 8: holds 5x5 images but " + dir.resolve("t10k-images-idx3-ubyte")
                + " holds 4x3; training and test images must be the same size", e.getMessage());
    }

    @Test
    void labelsAndImagesMustAgree(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {3, 2, 2}, new byte[12]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {4}, new byte[4]));
        var e = assertThrows(DataFormatException.class, () -> Mnist.read("t", dir.resolve("train-images-idx3-ubyte"),
                dir.resolve("train-labels-idx1-ubyte"), Mnist.DIGITS));
        assertTrue(e.getMessage().contains("4 labels for the 3 images"), e.getMessage());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {3}, new byte[] {0, 11, 2}));
        e = assertThrows(DataFormatException.class, () -> Mnist.read("t", dir.resolve("train-images-idx3-ubyte"),
                dir.resolve("train-labels-idx1-ubyte"), Mnist.DIGITS));
        assertTrue(e.getMessage().contains("label 11") && e.getMessage().contains("byte 9"), e.getMessage());
    }

    @Test
    void aMissingDatasetSaysWhereAndHow(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("fashion-mnist", dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("apt-get install dataset-fashion-mnist"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar-10", dir));
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("cifar"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("imagenet", dir));
        assertTrue(e.getMessage().contains("fashion-mnist, mnist, cifar-10"), e.getMessage());
    }

    @Test
    void readsCifar10AndRejectsTruncation(@TempDir Path dir) throws IOException {
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(2, b));
        }
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(3, 9));
        Datasets.Split s = Datasets.load("cifar-10", dir);
        assertEquals(10, s.train().count());
        assertEquals(3, s.test().count());
        assertEquals(3, s.train().channels());
        assertEquals(3, s.train().label(3)); // second record of batch 2 (labels 2, 3)
        byte[] bad = cifarRecords(2, 1);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(bad, bad.length - 100));
        var e = assertThrows(DataFormatException.class, () -> Datasets.load("cifar-10", dir));
        assertEquals(3073, e.offset());
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** {@code n} records whose labels are batch, batch+1, ... (mod 10), pixels constant per record. */
    static byte[] cifarRecords(int n, int batch) {
        byte[] b = new byte[n * 3073];
        for (int r = 0; r < n; r++) {
            b[r * 3073] = (byte) ((batch + r) % 10);
            Arrays.fill(b, r * 3073 + 1, (r + 1) * 3073, (byte) r);
        }
        return b;
    }

    @Test
    void batchesCoverEveryImageOnceInASeededOrder() {
        ImageDataset d = dataset(23);
        DataLoader a = DataLoader.of(d, 5).shuffle(7).build();
        DataLoader b = DataLoader.of(d, 5).shuffle(7).build();
        assertEquals(5, a.batches());
        List<Integer> seen = new ArrayList<>();
        Iterator<Batch> it = a.epoch(0), it2 = b.epoch(0);
        while (it.hasNext()) {
            Batch x = it.next(), y = it2.next();
            assertArrayEquals(x.images(), y.images());
            for (int i = 0; i < x.size(); i++) {
                seen.add(Math.round(x.images()[i * 12] * 255)); // first pixel identifies the image
            }
        }
        assertEquals(23, seen.size());
        assertEquals(23, seen.stream().distinct().count(), "every image once");
        assertFalse(Arrays.equals(a.order(0), a.order(1)), "a new order each epoch");
        assertArrayEquals(a.batch(1, 3).images(), iterate(a.epoch(1), 3).images(), "random access equals iteration");
    }

    @Test
    void normalizationAndAugmentations() {
        ImageDataset d = dataset(4);
        Batch plain = DataLoader.of(d, 4).normalize(Normalization.of(0.5f, 0.25f)).build().epoch(0).next();
        int label = d.label(1);
        assertEquals(label, plain.labels()[1]);
        assertEquals(((d.pixels()[12 + 5] & 0xff) / 255f - 0.5f) / 0.25f, plain.images()[12 + 5], 1e-6);

        DataLoader flip = DataLoader.of(d, 4).augment(Augmentation.horizontalFlip(1.0)).build();
        Batch f = flip.epoch(0).next();
        // image 0 is 4 rows x 3 columns: column 0 swaps with column 2
        assertEquals((d.pixels()[2] & 0xff) / 255f, f.images()[0], 1e-6);

        DataLoader crop = DataLoader.of(d, 4).augment(Augmentation.randomCrop(1)).seed(3).build();
        Batch c1 = crop.epoch(0).next(), c2 = crop.epoch(0).next();
        assertArrayEquals(c1.images(), c2.images(), "seeded");

        DataLoader erase = DataLoader.of(d, 4).augment(Augmentation.randomErasing(1.0)).seed(1).build();
        assertTrue(countZeros(erase.epoch(0).next().images()) > countZeros(plain.images()));

        DataLoader mix = DataLoader.of(d, 4).mixup(0.4).seed(5).build();
        Batch m = mix.epoch(0).next();
        assertNotNull(m.mixLabels());
        assertTrue(m.lambda() >= 0 && m.lambda() <= 1);
        assertMixed(DataLoader.of(d, 4).build().epoch(0).next(), m);
        assertThrows(IllegalArgumentException.class, () -> Augmentation.horizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(d, 0));
    }

    @Test
    void randomCropShiftsTheImageAndFillsWithZeros() {
        int c = 2, h = 5, w = 4;
        float[] original = new float[c * h * w];
        for (int i = 0; i < original.length; i++) {
            original[i] = 1 + i; // no zeros, every value distinct
        }
        Set<String> shifts = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            float[] img = original.clone();
            Augmentation.randomCrop(2).apply(img, c, h, w, new SplittableRandom(seed));
            int[] shift = findShift(original, img, c, h, w, 2);
            assertNotNull(shift, "seed " + seed + ": the crop is a shifted copy of the image padded with zeros");
            shifts.add(shift[0] + "," + shift[1]);
        }
        assertTrue(shifts.size() > 5, "the crop moves the image to many places: " + shifts);
        assertTrue(shifts.stream().anyMatch(s -> !s.equals("0,0")), "the crop moves the image");
    }

    /** The (dy, dx) within +-pad for which {@code out[y][x] = in[y + dy][x + dx]} (0 outside), or null. */
    static int[] findShift(float[] in, float[] out, int c, int h, int w, int pad) {
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                boolean same = true;
                for (int ch = 0; ch < c && same; ch++) {
                    for (int y = 0; y < h && same; y++) {
                        for (int x = 0; x < w && same; x++) {
                            int sy = y + dy, sx = x + dx;
                            float want = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[(ch * h + sy) * w + sx] : 0f;
                            same = out[(ch * h + y) * w + x] == want;
                        }
                    }
                }
                if (same) {
                    return new int[] {dy, dx};
                }
            }
        }
        return null;
    }

    /** Each image of {@code mixed} is lambda times its own plus (1 - lambda) times another's, whose label it carries. */
    static void assertMixed(Batch plain, Batch mixed) {
        float lambda = mixed.lambda();
        assertTrue(lambda > 0 && lambda < 1, "lambda " + lambda + " blends two images");
        int size = plain.images().length / plain.size();
        boolean anyOther = false;
        for (int b = 0; b < plain.size(); b++) {
            assertEquals(plain.labels()[b], mixed.labels()[b]);
            boolean found = false;
            for (int p = 0; p < plain.size() && !found; p++) {
                if (plain.labels()[p] != mixed.mixLabels()[b]) {
                    continue;
                }
                boolean all = true;
                for (int i = 0; i < size && all; i++) {
                    float want = lambda * plain.images()[b * size + i] + (1 - lambda) * plain.images()[p * size + i];
                    all = Math.abs(mixed.images()[b * size + i] - want) <= 1e-6f;
                }
                found = all;
                anyOther |= all && p != b;
            }
            assertTrue(found, "image " + b + " is a blend with an image labelled " + mixed.mixLabels()[b]);
        }
        assertTrue(anyOther, "at least one image is blended with another image");
    }

    static Batch iterate(Iterator<Batch> it, int index) {
        Batch b = null;
        for (int i = 0; i <= index; i++) {
            b = it.next();
        }
        return b;
    }

    static int countZeros(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v == 0 ? 1 : 0;
        }
        return n;
    }

    static ImageDataset dataset(int n) {
        byte[] px = new byte[n * 12], lab = new byte[n];
        for (int k = 0; k < n; k++) {
            lab[k] = (byte) (k % 10);
            for (int i = 0; i < 12; i++) {
                px[k * 12 + i] = (byte) (1 + 10 * k + i);
            }
        }
        return new ImageDataset("tiny", n, 1, 4, 3, px, lab, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /** Issue 16 leftover: with a limit the test split is bounded too, and of a CIFAR-10 file only what is needed is read. */
    @Test
    void aTestLimitBoundsTheTestSplitAndReadsNoMore(@TempDir Path dir) throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path d = Files.createDirectories(dir.resolve("gz" + gz));
            Datasets.Split s = Datasets.load("mnist", tinyMnist(d, 7, gz), 3, 2);
            assertEquals(3, s.train().count());
            assertEquals(2, s.test().count());
            assertEquals(2 * 12, s.test().pixels().length, "only the limit is held");
            assertEquals(1, s.test().label(1));
        }
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(2, b));
        }
        byte[] test = cifarRecords(3, 0);
        test[2 * 3073] = (byte) 200; // the third record's label is no class: an error only if it is read
        Files.write(dir.resolve("test_batch.bin"), test);
        Datasets.Split s = Datasets.load("cifar-10", dir, 3, 2);
        assertEquals(2, s.test().count());
        assertEquals(2 * 3072, s.test().pixels().length);
        var e = assertThrows(DataFormatException.class, () -> Datasets.load("cifar-10", dir, 3, 3));
        assertTrue(e.getMessage().contains("label 200 is not a CIFAR-10 class"), e.getMessage());
        // the length is checked whole even when only the first record is read
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(test, 3 * 3073 - 5));
        e = assertThrows(DataFormatException.class, () -> Datasets.load("cifar-10", dir, 3, 1));
        assertTrue(e.getMessage().contains("is not a whole number of 3073-byte CIFAR-10 records"), e.getMessage());
    }
}
