package org.lamina.opencl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.lamina.io.AtomicFiles;

/**
 * Program binaries on disk ({@code CL_PROGRAM_BINARIES}), so that a second run starts without
 * compiling. One file per (device and driver, source hash, build options), in the format of
 * {@link CheckedBinary} (a header with the binary's length and SHA-256). Files are written to a
 * temporary name and renamed, so a crash never leaves half a binary under a real name; a file
 * damaged anyway (a full disk, a copy cut short, a stray edit) fails the check and is rebuilt,
 * and so is a binary the driver rejects.
 */
public final class ProgramCache {
    /** Overrides the cache folder; {@code off} disables the disk cache. */
    public static final String ENVIRONMENT_VARIABLE = "LAMINA_KERNEL_CACHE";

    private static final System.Logger LOG = System.getLogger(ProgramCache.class.getName());
    /** The folders whose write failure was reported already: once per folder and process. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    /** Entries end so; {@code .bin} was the format without length and checksum. */
    static final String SUFFIX = ".clbin";
    private static final Pattern OLD_FORMAT = Pattern.compile(".+-[0-9a-f]{32}\\.bin");
    /** What {@link AtomicFiles} leaves when a write is killed before its rename. */
    private static final Pattern KILLED_WRITE = Pattern.compile("\\..+\\.clbin[0-9]+\\.tmp");
    static final long TEMP_AGE_MS = 3_600_000;
    private static final Set<Path> TIDIED = ConcurrentHashMap.newKeySet();

    private final Path dir;
    /** The folder came from no setting (the default under the user's cache folder). */
    private final boolean byDefault;

    private ProgramCache(Path dir, boolean byDefault) {
        this.dir = dir;
        this.byDefault = byDefault;
    }

    /** {@code $LAMINA_KERNEL_CACHE}, else {@code $XDG_CACHE_HOME/lamina/kernels}, else {@code ~/.cache/lamina/kernels}. */
    public static ProgramCache fromEnvironment() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return env.strip().equalsIgnoreCase("off") ? disabled() : at(Path.of(env.strip()));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ProgramCache(base.resolve("lamina").resolve("kernels"), true);
    }

    public static ProgramCache at(Path dir) {
        return new ProgramCache(dir, false);
    }

    public static ProgramCache disabled() {
        return new ProgramCache(null, false);
    }

    /**
     * Whether programs built for {@code device} are written here. Not when the folder is the default
     * one and the device is pocl with its own kernel cache on ({@code POCL_KERNEL_CACHE} not 0): pocl
     * then finds a program built before by its source and options in its cache and compiles nothing,
     * and asking it for the binary ({@code CL_PROGRAM_BINARIES}) makes it compile every kernel of the
     * program first, which cost a cold first run minutes of compiling for kernels it never launched
     * (docs/performance.md, first run). A folder set explicitly ({@value #ENVIRONMENT_VARIABLE},
     * {@code --kernel-cache}) is always written: the user asked for it, e.g. to export binaries.
     */
    boolean stores(Device device) {
        return dir != null && !(byDefault && ClContext.isPocl(device.platformName())
                && !"0".equals(System.getenv("POCL_KERNEL_CACHE")));
    }

    /** The folder, or empty when the cache is disabled. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /**
     * The binary stored under {@code key}, once its length and checksum are checked. A damaged entry
     * (empty, truncated, garbled, or of the older format without a checksum) is deleted with one
     * warning naming the file, and the program is rebuilt from source.
     */
    Optional<byte[]> load(String key) {
        if (dir == null) {
            return Optional.empty();
        }
        tidy();
        Path file = file(key);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckedBinary.decode(bytes));
        } catch (CheckedBinary.DamagedException e) {
            LOG.log(System.Logger.Level.WARNING, "kernel cache: " + file + " is damaged (" + e.getMessage()
                    + "); deleted, rebuilding from source");
            evict(key);
            return Optional.empty();
        }
    }

    /** Stores {@code binary} under {@code key} with its length and checksum, atomically. */
    void store(String key, byte[] binary) {
        if (dir == null || binary.length == 0) {
            return;
        }
        try {
            AtomicFiles.write(file(key), CheckedBinary.encode(binary));
        } catch (IOException e) {
            // A cache that cannot be written only costs a rebuild next time; say so once per folder.
            if (WARNED.add(dir.toAbsolutePath().normalize())) {
                LOG.log(System.Logger.Level.WARNING, "cannot write the kernel cache in " + dir + " (" + e
                        + "); kernels are compiled on every run. Set " + ENVIRONMENT_VARIABLE
                        + " to a writable folder, or to 'off'");
            }
        }
    }

    /** Deletes the entry {@code key}: a binary the driver rejected, or one a crashed run was loading. */
    void evict(String key) {
        if (dir != null) {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException ignored) {
                // Evicting is best effort; a stale file is rejected again next time.
            }
        }
    }

    /** The file of the entry {@code key}. */
    Path file(String key) {
        return dir.resolve(key + SUFFIX);
    }

    /**
     * Once per folder and process, tidies the folder: deletes the entries of the format before
     * {@link CheckedBinary} ({@code <family>-<32 hex digits>.bin}, no checksum), which are never read
     * again, with one line; and the temporary files of writes killed midway
     * ({@code .<entry>.clbin<digits>.tmp}, see {@link AtomicFiles}) once they are an hour old, so
     * that a write in progress in another process is left alone. Only names of those exact forms
     * go, in case the folder holds other files.
     */
    private void tidy() {
        if (!TIDIED.add(dir.toAbsolutePath().normalize()) || !Files.isDirectory(dir)) {
            return;
        }
        int removed = 0;
        long oldestTemp = System.currentTimeMillis() - TEMP_AGE_MS;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> OLD_FORMAT.matcher(f.getFileName().toString()).matches()
                        || KILLED_WRITE.matcher(f.getFileName().toString()).matches())) {
            for (Path f : files) {
                try {
                    if (OLD_FORMAT.matcher(f.getFileName().toString()).matches()) {
                        removed += Files.deleteIfExists(f) ? 1 : 0;
                    } else if (Files.getLastModifiedTime(f).toMillis() < oldestTemp) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // Gone meanwhile (another process tidying), or not ours to delete: leave it.
                }
            }
        } catch (IOException e) {
            return; // a read-only cache keeps them; they cost disk space only
        }
        if (removed > 0) {
            LOG.log(System.Logger.Level.INFO, "kernel cache: deleted " + removed + " binaries of the older format "
                    + "without checksum from " + dir + "; they are rebuilt once");
        }
    }

    /** The cache key of a program built for {@code device} from {@code source} with {@code options}. */
    static String key(Device device, ProgramSource source, String options) {
        return source.stem() + "-" + ProgramSource.sha256(device.cacheKey() + "\n" + source.hash() + "\n" + options)
                .substring(0, 32);
    }
}
