package org.lamina.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the IDX reader (MNIST, Fashion-MNIST), plain and gzipped: the first byte decides whether
 * the rest is written as it is (so corrupt gzip streams are tried too) or gzipped (so the IDX header
 * is explored behind a valid gzip stream), the second how many records to ask for.
 */
class IdxFileFuzzTest {
    private static final Path DIR = UserErrors.scratch("idx");

    @FuzzTest
    void read(FuzzedDataProvider data) throws Exception {
        boolean gzip = data.consumeBoolean();
        int maxRecords = data.consumeBoolean() ? Integer.MAX_VALUE : data.consumeInt(1, 100);
        byte[] bytes = data.consumeRemainingAsBytes();
        Path file = UserErrors.write(DIR.resolve(gzip ? "images-idx3-ubyte.gz" : "images-idx3-ubyte"),
                gzip ? gzipped(bytes) : bytes);
        IdxFile idx = UserErrors.resultOrUserError(file, () -> IdxFile.read(file, maxRecords));
        if (idx != null) {
            long count = 1;
            for (int d : idx.dims()) {
                assertTrue(d > 0);
                count *= d;
            }
            assertTrue(idx.dims()[0] <= maxRecords);
            assertEquals(count, idx.data().length);
        }
    }

    private static byte[] gzipped(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
