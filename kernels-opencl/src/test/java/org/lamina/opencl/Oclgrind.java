package org.lamina.opencl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Oclgrind run of the test suite (the {@code oclgrind} surefire execution): the reference set and
 * the small shapes of the differential tests on Oclgrind, a simulated GPU, in strict mode, with its
 * checks on and its messages in a log file that must stay empty ({@link OclgrindLogCheck}).
 */
public final class Oclgrind {
    /** Set to 1 by the Oclgrind run. */
    public static final String RUN_VARIABLE = "LAMINA_TEST_OCLGRIND";
    /** Where Debian's {@code oclgrind} package puts the library its ICD file names. */
    public static final Path LIBRARY = Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so");

    private Oclgrind() {
    }

    /** Whether this test JVM is the Oclgrind run. */
    public static boolean run() {
        return "1".equals(System.getenv(RUN_VARIABLE));
    }

    /**
     * Outside CI the Oclgrind run skips, saying why, when Oclgrind is not installed; with
     * {@code CI=true} that fails the build.
     */
    static void requireInstalled() {
        if (Files.isRegularFile(LIBRARY)) {
            return;
        }
        String why = "Oclgrind is not installed (" + LIBRARY + " is missing; sudo apt-get install oclgrind)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + why + "; the Oclgrind run must run in CI");
        }
        Assumptions.abort("skipping the Oclgrind run: " + why);
    }

    /** The file Oclgrind writes its messages to ({@code OCLGRIND_LOG}), or null. */
    static Path log() {
        String file = System.getenv("OCLGRIND_LOG");
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    /** The log from byte {@code from} on (empty when there is no log). */
    static String logFrom(long from) {
        Path log = log();
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try {
            byte[] all = Files.readAllBytes(log);
            return from >= all.length ? "" : new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Oclgrind log " + log, e);
        }
    }

    /** The log's size in bytes (0 when there is none). */
    static long logSize() {
        Path log = log();
        try {
            return log == null || !Files.exists(log) ? 0 : Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Oclgrind log " + log, e);
        }
    }

    /** Whether {@code d} is Oclgrind's simulated device. */
    public static boolean is(Device d) {
        return d.platformName().toLowerCase(Locale.ROOT).contains("oclgrind");
    }
}
