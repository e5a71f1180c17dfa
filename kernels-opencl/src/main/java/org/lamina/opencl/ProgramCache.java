package org.lamina.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lamina.io.AtomicFiles;

/**
 * Program binaries on disk ({@code CL_PROGRAM_BINARIES}), so that a second run starts without
 * compiling. One file per (device and driver, source hash, build options). Files are written to a
 * temporary name and renamed, so a crash never leaves half a binary under a real name; a binary the
 * driver rejects is deleted and rebuilt from source.
 */
public final class ProgramCache {
    /** Overrides the cache folder; {@code off} disables the disk cache. */
    public static final String ENVIRONMENT_VARIABLE = "LAMINA_KERNEL_CACHE";

    private final Path dir;

    private ProgramCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $LAMINA_KERNEL_CACHE}, else {@code $XDG_CACHE_HOME/lamina/kernels}, else {@code ~/.cache/lamina/kernels}. */
    public static ProgramCache fromEnvironment() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return env.strip().equalsIgnoreCase("off") ? disabled() : at(Path.of(env.strip()));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return at(base.resolve("lamina").resolve("kernels"));
    }

    public static ProgramCache at(Path dir) {
        return new ProgramCache(dir);
    }

    public static ProgramCache disabled() {
        return new ProgramCache(null);
    }

    /** The folder, or empty when the cache is disabled. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    Optional<byte[]> load(String key) {
        if (dir == null) {
            return Optional.empty();
        }
        Path file = dir.resolve(key + ".bin");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void store(String key, byte[] binary) {
        if (dir == null || binary.length == 0) {
            return;
        }
        try {
            AtomicFiles.write(dir.resolve(key + ".bin"), binary);
        } catch (IOException e) {
            // A cache that cannot be written only costs a rebuild next time.
            System.err.println("warning: cannot write kernel cache in " + dir + ": " + e.getMessage());
        }
    }

    void evict(String key) {
        if (dir != null) {
            try {
                Files.deleteIfExists(dir.resolve(key + ".bin"));
            } catch (IOException ignored) {
                // Evicting is best effort; a stale file is rejected again next time.
            }
        }
    }

    /** The cache key of a program built for {@code device} from {@code source} with {@code options}. */
    static String key(Device device, ProgramSource source, String options) {
        return source.stem() + "-" + ProgramSource.sha256(device.cacheKey() + "\n" + source.hash() + "\n" + options)
                .substring(0, 32);
    }
}
