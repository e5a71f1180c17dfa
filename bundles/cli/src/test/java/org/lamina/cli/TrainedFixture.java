package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One small LeNet-5 checkpoint for every test of this JVM that needs a trained one: an epoch of
 * {@link SyntheticDigits} on the Java backend, trained once at first use and deleted when the JVM ends.
 */
final class TrainedFixture {
    private static Path dir;

    private TrainedFixture() {
    }

    /** The folder of the synthetic dataset (128 training, 64 test images, MNIST format). */
    static synchronized Path data() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("lamina-trained");
                Runtime.getRuntime().addShutdownHook(new Thread(TrainedFixture::delete));
                SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 128, 64, 3);
                CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data",
                        dir.resolve("data").toString(), "--out", dir.resolve("run").toString(), "--device", "java",
                        "--no-progress", "--batch-size", "32", "--epochs", "1");
                assertEquals(0, r.status(), r.out() + r.err());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.resolve("data");
    }

    /** The checkpoint (tests must not change it). */
    static Path checkpoint() {
        data();
        return dir.resolve("run").resolve("checkpoint.safetensors");
    }

    private static void delete() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
