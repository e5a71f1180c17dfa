package org.lamina.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The rule every fuzz target checks (docs/reliability.md#fuzzing): a parser of outside input either
 * returns a result or throws one of the exceptions the command line turns into a one-line error
 * ({@code Shell.commandLine()}: an {@link IllegalArgumentException} or an {@link UncheckedIOException}),
 * with a message that names the input. Anything else is a finding: a NullPointerException, an index out
 * of bounds, a negative array size, an out-of-memory error, Gson's exceptions leaking, and also the
 * JDK's own subclasses of IllegalArgumentException ({@link NumberFormatException}, {@code
 * PatternSyntaxException}, {@code InvalidPathException}), whose messages name neither the file nor
 * the field.
 */
public final class UserErrors {
    private UserErrors() {
    }

    /**
     * Runs {@code parse}; returns its result, or null when it threw a user error whose message
     * mentions {@code input}. Rethrows anything else, as it was thrown, so that Jazzer reports and
     * deduplicates it by its own stack.
     */
    public static <T> T resultOrUserError(Object input, Callable<T> parse) throws Exception {
        try {
            return parse.call();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (!isUserError(e)) {
                throw e;
            }
            String message = e.getMessage();
            if (message == null || message.isBlank()) {
                throw new AssertionError("a user error without a message", e);
            }
            if (input != null && !message.contains(input.toString())) {
                throw new AssertionError("the message does not name " + input + ": " + message, e);
            }
            return null;
        }
    }

    /** Lamina's own exceptions, and the two plain JDK types whose message Lamina writes. */
    static boolean isUserError(RuntimeException e) {
        Class<?> c = e.getClass();
        return c == IllegalArgumentException.class || c == UncheckedIOException.class
                || c.getName().startsWith("org.lamina.");
    }

    /**
     * A scratch folder for the files a target writes, one per JVM, deleted when it exits: in memory
     * ({@code /dev/shm}) where there is one, as a target writes a file for every input.
     */
    public static Path scratch(String name) {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "lamina-fuzz-" + name)
                    : Files.createTempDirectory("lamina-fuzz-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code file}, replacing what was there. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
