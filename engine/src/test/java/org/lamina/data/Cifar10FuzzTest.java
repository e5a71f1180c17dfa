package org.lamina.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the CIFAR-10 reader over two batch files (the first record, or everything, in the first;
 * the rest, maybe nothing, in the second) and a fuzzed limit. Records are 3073 bytes, so the seeds hold one or two records.
 */
class Cifar10FuzzTest {
    private static final Path DIR = UserErrors.scratch("cifar");

    @FuzzTest
    void read(FuzzedDataProvider data) throws Exception {
        int limit = data.consumeBoolean() ? Integer.MAX_VALUE : data.consumeInt(1, 3);
        boolean twoFiles = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        int split = twoFiles ? Math.min(Cifar10.RECORD, bytes.length) : bytes.length;
        Path first = UserErrors.write(DIR.resolve("data_batch_1.bin"), Arrays.copyOfRange(bytes, 0, split));
        Path second = UserErrors.write(DIR.resolve("data_batch_2.bin"),
                Arrays.copyOfRange(bytes, split, bytes.length));
        ImageDataset d = UserErrors.resultOrUserError(DIR, () -> Cifar10.read("cifar", List.of(first, second), limit));
        if (d != null) {
            assertTrue(d.count() <= limit);
            assertEquals(d.count() * 3 * 32 * 32, d.pixels().length);
        }
    }
}
