package org.lamina.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run folder owned by one training for its whole life: an OS lock on {@value #LOCK_FILE} in the
 * folder, whose text names the owner (pid, host, start) so that a second training of the same folder
 * can say who holds it. The OS drops the lock when its process dies, however it dies, so a lock file
 * left by a killed run blocks nothing. Once the folder is owned, the temporary files of writes that
 * a killed run left half done are deleted.
 */
public final class RunFolder implements AutoCloseable {
    /** The lock file; its content is only for the message, the lock is the OS's. */
    public static final String LOCK_FILE = ".lamina.lock";

    /** What {@code org.lamina.io.AtomicFiles} names its temporary files: {@code .<target><digits>.tmp}. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\d+\\.tmp");

    private static final System.Logger LOG = System.getLogger(RunFolder.class.getName());

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock; // null on a file system without locks (warned when taken)
    private final List<Path> cleaned;
    private final boolean created;

    private RunFolder(Path dir, FileChannel channel, FileLock lock, List<Path> cleaned, boolean created) {
        this.dir = dir;
        this.created = created;
        this.channel = channel;
        this.lock = lock;
        this.cleaned = cleaned;
    }

    /**
     * Creates {@code dir} if needed and takes it for this process.
     *
     * @throws IllegalArgumentException when {@code dir} is a file, or another training holds it
     *     (naming the folder and the other process)
     */
    public static RunFolder own(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        FileChannel ch = null;
        try {
            boolean created = !Files.exists(dir);
            Files.createDirectories(dir);
            Path file = dir.resolve(LOCK_FILE);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            boolean unlockable = false;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another training in this very JVM (the container's shell)
            } catch (IOException e) {
                // a file system without locks (some network mounts): train, but say what is not guarded
                lock = null;
                unlockable = true;
                LOG.log(System.Logger.Level.WARNING, "cannot lock the run folder " + dir + " (" + e.getMessage()
                        + "); another training of the same folder would not be noticed");
            }
            if (lock == null && !unlockable) {
                String owner = owner(ch);
                ch.close();
                throw new IllegalArgumentException("--out " + dir + " is in use by another training ("
                        + (owner.isEmpty() ? "a process that is starting" : owner)
                        + "); wait for it to end or choose another --out");
            }
            ch.truncate(0);
            ByteBuffer text = ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                ch.write(text, ch.size());
            }
            ch.force(false);
            return new RunFolder(dir, ch, lock, cleanTemporaryFiles(dir), created);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("--out " + dir + ": cannot write in it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Takes {@code dir} when it is free and holds no run, otherwise the first sibling {@code dir-2},
     * {@code dir-3}, ... that is: a new run that can neither wait nor replace another.
     */
    public static RunFolder ownFresh(Path dir) {
        Path base = dir.getFileName() != null ? dir : dir.toAbsolutePath().normalize();
        for (int i = 1; i <= 10_000; i++) {
            Path candidate = i == 1 ? dir : base.resolveSibling(base.getFileName() + "-" + i);
            try {
                if (Files.exists(candidate) && !holdsNoRun(candidate)) {
                    continue;
                }
            } catch (IOException e) {
                continue;
            }
            RunFolder f;
            try {
                f = own(candidate);
            } catch (IllegalArgumentException inUse) {
                continue; // another run took it first
            }
            try {
                if (holdsNoRun(candidate)) {
                    return f;
                }
            } catch (IOException e) {
                // unreadable: not fresh
            }
            f.close();
        }
        throw new IllegalArgumentException("--out-fresh: no free folder beside " + dir + " (tried " + dir + "-2 to "
                + dir + "-10000)");
    }

    /** Whether {@code dir} is a folder with nothing in it but, perhaps, a lock file. */
    private static boolean holdsNoRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(LOCK_FILE)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The temporary files of interrupted writes that were deleted when the folder was taken. */
    public List<Path> cleaned() {
        return cleaned;
    }

    public Path dir() {
        return dir;
    }

    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    private static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "this host");
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    }

    private static List<Path> cleanTemporaryFiles(Path dir) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (TEMP.matcher(name).matches() && Files.isRegularFile(f)) {
                    long size = Files.size(f);
                    Files.deleteIfExists(f);
                    deleted.add(f);
                    LOG.log(System.Logger.Level.DEBUG, "removed " + f + " (" + size + " bytes), left by an interrupted write");
                }
            }
        }
        return List.copyOf(deleted);
    }

    /**
     * Releases the folder. The lock file stays (deleting it would let two runs lock two different
     * files), unless this run made the folder and wrote nothing in it (it failed before its first
     * epoch): then the folder goes too, as if the run had never started.
     */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            if (created && holdsNoRun(dir)) {
                Files.deleteIfExists(dir.resolve(LOCK_FILE));
                Files.deleteIfExists(dir);
            }
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "releasing " + dir + ": " + e.getMessage());
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release: closing a channel drops its lock
            }
        }
    }
}
