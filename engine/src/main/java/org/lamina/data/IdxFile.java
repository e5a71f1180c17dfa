package org.lamina.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the format of MNIST and Fashion-MNIST), gzipped or not: a magic number
 * {@code 0x0000TTDD} (T the element type, D the number of dimensions), the dimensions as big-endian
 * 32-bit integers, then the values. Only unsigned bytes ({@code T = 0x08}) are read, which is what
 * image and label files hold.
 *
 * @param file where it was read from
 * @param dims the dimensions
 * @param data the values, row-major
 */
public record IdxFile(Path file, int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    /**
     * @throws DataFormatException naming the file and the byte offset of a bad magic number, bad
     *     dimensions or a truncated file
     */
    public static IdxFile read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    /**
     * Reads at most the first {@code maxRecords} records (entries along dimension 0), streaming: the
     * rest of the file is not read, and nothing is allocated from the header's count before it is
     * checked against the limit and, for a plain file, against the file's length (a gzipped file's
     * length says nothing reliable about its contents, so its data is read as it arrives).
     *
     * @throws DataFormatException as {@link #read(Path)}, and when the header claims more data than a
     *     plain file holds
     */
    public static IdxFile read(Path file, int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords " + maxRecords + " is not a number of records");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not an IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzipped = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzipped ? new BufferedInputStream(new GZIPInputStream(raw)) : raw;
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw new DataFormatException(file, head.length, "truncated: the 4-byte magic number is incomplete");
            }
            if (head[0] != 0 || head[1] != 0) {
                throw new DataFormatException(file, 0, String.format(
                        "not an IDX file: magic number %02x%02x%02x%02x does not start with two zero bytes",
                        head[0], head[1], head[2], head[3]));
            }
            int type = head[2] & 0xff, rank = head[3] & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new DataFormatException(file, 2, String.format(
                        "element type 0x%02x is not supported (only unsigned bytes, 0x08)", type));
            }
            if (rank < 1 || rank > 4) {
                throw new DataFormatException(file, 3, "unexpected number of dimensions " + rank);
            }
            byte[] dimBytes = in.readNBytes(4 * rank);
            if (dimBytes.length < 4 * rank) {
                throw new DataFormatException(file, 4 + dimBytes.length, "truncated inside the " + rank
                        + " dimensions");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                        | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
                if (dims[i] <= 0) {
                    throw new DataFormatException(file, 4 + 4L * i, "dimension " + i + " is " + dims[i]);
                }
                // saturates rather than overflows: four dimensions near 2^31 exceed a long
                count = count > Long.MAX_VALUE / dims[i] ? Long.MAX_VALUE : count * dims[i];
            }
            long dataOffset = 4 + 4L * rank;
            long record = 1;
            for (int i = 1; i < rank; i++) {
                record = record > Long.MAX_VALUE / dims[i] ? Long.MAX_VALUE : record * dims[i];
            }
            int records = Math.min(dims[0], maxRecords);
            long wanted = record > Long.MAX_VALUE / records ? Long.MAX_VALUE : record * records;
            if (!gzipped) {
                long size = Files.size(file);
                if (count > size - dataOffset) {
                    throw new DataFormatException(file, size, "truncated: dimensions " + Arrays.toString(dims)
                            + " need " + count + " bytes of data from byte " + dataOffset + ", the file ends after "
                            + (size - dataOffset));
                }
            }
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(file, 4, "dimensions " + Arrays.toString(dims) + " are too large"
                        + (records < dims[0] ? " even for the first " + records : ""));
            }
            // readNBytes grows its buffer as data arrives, so a gzipped header that lies costs no more
            // memory than the data actually there.
            byte[] data = in.readNBytes((int) wanted);
            if (data.length < wanted) {
                throw new DataFormatException(file, dataOffset + data.length, "truncated: dimensions "
                        + Arrays.toString(dims) + " need " + count + " bytes of data from byte " + dataOffset
                        + ", the file ends after " + data.length);
            }
            if (records == dims[0] && in.read() != -1) {
                throw new DataFormatException(file, dataOffset + count, "unexpected bytes after the "
                        + count + " values that dimensions " + Arrays.toString(dims) + " describe");
            }
            if (records < dims[0]) {
                dims = dims.clone();
                dims[0] = records;
            }
            return new IdxFile(file, dims, data);
        } catch (ZipException e) {
            throw new DataFormatException(file, 0, "corrupt gzip data: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(file, 0, "truncated gzip stream: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }
}
