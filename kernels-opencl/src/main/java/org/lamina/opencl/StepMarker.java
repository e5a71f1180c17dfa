package org.lamina.opencl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A file that says which driver step a process is in (building a program, loading a binary) for as
 * long as it is in it. A driver can abort the process (pocl asserts on bad input, a plugin's kernel
 * can crash a compiler); then the marker stays, and the next process to use the folder reports which
 * step the dead one was in and evicts the cache entry it was loading.
 *
 * <p>Markers are named {@code .step-<pid>-<n>.marker}, so processes never share one; a marker counts
 * as stale when its process is gone, or when its pid now belongs to a process started at another
 * time (pids are reused, in containers especially). Of several processes finding the same stale
 * marker, the one that deletes it reports it.
 *
 * <p>Cost on the normal path: one small file written and deleted per program built or loaded, which
 * happens a few dozen times per process (programs are kept in memory); no fsync, since a marker only
 * has to survive the process, not the machine.
 */
final class StepMarker implements AutoCloseable {
    static final String PREFIX = ".step-";
    static final String SUFFIX = ".marker";
    private static final System.Logger LOG = System.getLogger(StepMarker.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The folders this process has looked through for stale markers: once per folder. */
    private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

    /** A marker that marks nothing: no cache folder to put it in. */
    static final StepMarker NONE = new StepMarker(null);

    /** This process, looked up once (reading its start time costs more than writing a marker). */
    private static final class Self {
        static final long PID = ProcessHandle.current().pid();
        static final String HEADER = "pid=" + PID + "\nstarted="
                + startOf(ProcessHandle.current()).map(Instant::toString).orElse("") + "\n";
    }

    private final Path file;

    private StepMarker(Path file) {
        this.file = file;
    }

    /** What a stale marker says: the dead process, its step, and the cache entry it was using, if any. */
    record Stale(Path marker, long pid, String step, String entry) {
    }

    /**
     * Marks that this process begins {@code step} (one phrase naming the program and the device) on
     * the cache entry {@code entry} (or null). Never fails: a folder that cannot be written gives a
     * marker that does nothing.
     */
    static StepMarker begin(Path dir, String step, String entry) {
        Path f = dir.resolve(PREFIX + Self.PID + "-" + SEQUENCE.incrementAndGet() + SUFFIX);
        String text = Self.HEADER + "step=" + oneLine(step) + "\nentry=" + (entry == null ? "" : entry) + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(f, text, StandardCharsets.UTF_8);
            return new StepMarker(f);
        } catch (IOException e) {
            return new StepMarker(null); // a read-only cache is reported by ProgramCache
        }
    }

    /** The step is over: the marker goes. */
    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A marker left behind names a live or finished process: the next run ignores or clears it.
            }
        }
    }

    /**
     * Once per folder and process: reports every stale marker in {@code dir} as one warning, hands its
     * cache entry to {@code evict}, and deletes it.
     */
    static void reportStale(Path dir, Consumer<String> evict) {
        if (!CHECKED.add(dir.toAbsolutePath().normalize())) {
            return;
        }
        for (Stale s : findStale(dir)) {
            try {
                Files.delete(s.marker());
            } catch (NoSuchFileException e) {
                continue; // another process reported it
            } catch (IOException e) {
                // Cannot clear it (read-only folder): still say what happened, once per process.
            }
            if (s.entry() != null) {
                evict.accept(s.entry());
            }
            LOG.log(System.Logger.Level.WARNING, "an earlier run (pid " + s.pid() + ") died inside the OpenCL driver "
                    + "while " + s.step() + (s.entry() != null ? "; its kernel cache entry "
                            + dir.resolve(s.entry() + ProgramCache.SUFFIX) + " was deleted and is rebuilt from source" : ""));
        }
    }

    /** The markers in {@code dir} whose process is gone. */
    static List<Stale> findStale(Path dir) {
        List<Stale> stale = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return stale;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path m : markers) {
                Map<String, String> fields = read(m);
                long pid;
                try {
                    pid = Long.parseLong(fields.getOrDefault("pid", ""));
                } catch (NumberFormatException e) {
                    continue; // not ours, or being written this instant: leave it
                }
                if (alive(pid, fields.getOrDefault("started", ""))) {
                    continue;
                }
                String entry = fields.getOrDefault("entry", "");
                // An entry is a cache key, never a path: refuse anything that could leave the folder.
                boolean safe = entry.matches("[A-Za-z0-9._-]+") && !entry.startsWith(".");
                stale.add(new Stale(m, pid, fields.getOrDefault("step", "an unknown step"), safe ? entry : null));
            }
        } catch (IOException e) {
            // A folder that cannot be listed has nothing to report.
        }
        return stale;
    }

    private static boolean alive(long pid, String started) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = startOf(h.get());
        return started.isEmpty() || start.isEmpty() || start.get().toString().equals(started);
    }

    private static Optional<Instant> startOf(ProcessHandle h) {
        return h.info().startInstant();
    }

    private static Map<String, String> read(Path m) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Unreadable: treated as having no pid, left alone.
        }
        return fields;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
