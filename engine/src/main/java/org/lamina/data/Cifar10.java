package org.lamina.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format: records of one label byte followed by 3072 pixel bytes
 * (1024 red, 1024 green, 1024 blue, each 32x32 row-major). Training data is
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin}, test data {@code test_batch.bin}.
 */
public final class Cifar10 {
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    static final int RECORD = 1 + 3 * 32 * 32;

    private Cifar10() {
    }

    /** Reads and concatenates batch files. */
    public static ImageDataset read(String name, List<Path> files) {
        return read(name, files, Integer.MAX_VALUE);
    }

    /**
     * Reads batch files in order until {@code limit} images are read; later files are not opened, and of
     * the last file only the records needed are read (its length is checked whole).
     */
    public static ImageDataset read(String name, List<Path> files, int limit) {
        int total = 0;
        byte[][] contents = new byte[files.size()][];
        for (int f = 0; f < files.size() && total < limit; f++) {
            Path file = files.get(f);
            try (InputStream in = Files.newInputStream(file)) {
                long length = Files.size(file);
                if (length == 0 || length % RECORD != 0) {
                    throw new DataFormatException(file, length / RECORD * RECORD, "truncated: " + length
                            + " bytes is not a whole number of " + RECORD + "-byte CIFAR-10 records (label + 3x32x32)");
                }
                long records = Math.min(length / RECORD, limit - total);
                if ((total + records) * (RECORD - 1) > Integer.MAX_VALUE - 8) {
                    throw new DataFormatException(file, 0, length + " bytes bring the CIFAR-10 records read to more"
                            + " than one array holds; read fewer (a limit)");
                }
                contents[f] = in.readNBytes((int) (records * RECORD));
                if (contents[f].length != records * RECORD) {
                    throw new DataFormatException(file, contents[f].length, "truncated while being read");
                }
                total += (int) records;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
            }
        }
        byte[] pixels = new byte[total * (RECORD - 1)];
        byte[] labels = new byte[total];
        int at = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] c = contents[f];
            if (c == null) {
                break;
            }
            for (int r = 0; r < c.length / RECORD; r++, at++) {
                int label = c[r * RECORD] & 0xff;
                if (label >= CLASSES.size()) {
                    throw new DataFormatException(files.get(f), (long) r * RECORD, "label " + label
                            + " is not a CIFAR-10 class (0..9)");
                }
                labels[at] = (byte) label;
                System.arraycopy(c, r * RECORD + 1, pixels, at * (RECORD - 1), RECORD - 1);
            }
        }
        return new ImageDataset(name, total, 3, 32, 32, pixels, labels, CLASSES).head(limit);
    }
}
