package org.lamina.opencl.tuning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lamina.opencl.Device;

/**
 * The tuning database, in CLBlast's manner: default parameters for every kernel family per device
 * class, stored as resources ({@code org/lamina/opencl/tuning/db/*.json}, listed in
 * {@code index.txt}), one {@link TuningTable} each. A device finds its parameters through the
 * entries that match it, most specific first: the exact device name, vendor and architecture,
 * vendor and type, type, generic. Above them all comes the user's tuned file for the exact device
 * and driver ({@link TuningStore}). See docs/tuning-database.md.
 */
public final class TuningDatabase {
    /** Where the built-in entries are, on the class path. */
    public static final String RESOURCES = "org/lamina/opencl/tuning/db/";

    /** One entry and the file it came from. */
    public record Entry(TuningTable table, String file) {
    }

    private final List<Entry> entries;

    private TuningDatabase(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries shipped with Lamina. */
    public static TuningDatabase builtIn() {
        return BuiltIn.DATABASE;
    }

    private static final class BuiltIn {
        static final TuningDatabase DATABASE = load();

        private static TuningDatabase load() {
            Map<String, String> files = new LinkedHashMap<>();
            for (String line : read(RESOURCES + "index.txt").split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    files.put(RESOURCES + name, read(RESOURCES + name));
                }
            }
            return of(files);
        }

        private static String read(String path) {
            try (InputStream in = TuningDatabase.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("tuning database: " + path + " is missing from the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("reading tuning database file " + path, e);
            }
        }
    }

    /**
     * A database of the given files (name to JSON text).
     *
     * @throws IllegalArgumentException naming the file and field of a malformed entry, or when there
     *     is not exactly one generic entry
     */
    public static TuningDatabase of(Map<String, String> files) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            TuningTable t = TuningTable.fromJson(f.getValue(), f.getKey());
            for (String family : t.parameters().keySet()) {
                if (!KernelFamilies.all().containsKey(family)) {
                    throw new IllegalArgumentException(f.getKey() + ": parameters." + family + ": unknown kernel family;"
                            + " the families are " + KernelFamilies.all().keySet());
                }
            }
            entries.add(new Entry(t, f.getKey()));
        }
        long generic = entries.stream().filter(e -> e.table().device().level() == DeviceMatch.Level.GENERIC).count();
        if (generic != 1) {
            throw new IllegalArgumentException("tuning database: " + generic + " generic entries (no device fields), "
                    + "expected exactly one, the parameters every device falls back to");
        }
        return new TuningDatabase(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The entries that match {@code device}, without the user's tuned file: what {@code lamina devices}
     * prints as {@code lookup(device).describe()}.
     */
    public TuningLookup lookup(Device device) {
        return lookup(DeviceDescription.of(device));
    }

    /** The entries that match {@code device}, most specific first (in file order within a level). */
    public TuningLookup lookup(DeviceDescription device) {
        return lookup(device, null, null);
    }

    /** As {@link #lookup(DeviceDescription)}, with a tuned file (or null) above every entry. */
    public TuningLookup lookup(DeviceDescription device, TuningTable tuned, String tunedFile) {
        List<TuningLookup.Applied> chain = new ArrayList<>();
        if (tuned != null) {
            chain.add(new TuningLookup.Applied("tuned file", tuned.key(), tunedFile, tuned));
        }
        entries.stream().filter(e -> e.table().device().matches(device))
                .sorted(Comparator.comparing((Entry e) -> e.table().device().level()).reversed())
                .forEach(e -> chain.add(new TuningLookup.Applied("database entry", e.table().key(), e.file(),
                        e.table())));
        return new TuningLookup(device, chain);
    }

    private record Cached(long modified, long size, TuningLookup lookup) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    /**
     * The tuning of {@code device} as every kernel family gets it: the built-in database under the
     * user's tuned file for the device ({@link TuningStore#fromEnvironment()}), when there is one.
     * A tuned file that cannot be read is reported as a warning and the database serves. Kept until
     * the file changes.
     */
    public static TuningLookup forDevice(Device device) {
        return forDevice(device, TuningStore.fromEnvironment());
    }

    /** As {@link #forDevice(Device)} with the tuned files of {@code store}. */
    public static TuningLookup forDevice(Device device, TuningStore store) {
        Path file = store.file(device);
        long modified = -1, size = -1;
        try {
            if (Files.isRegularFile(file)) {
                modified = Files.getLastModifiedTime(file).toMillis();
                size = Files.size(file);
            }
        } catch (IOException e) {
            modified = -2; // unreadable: the load below reports it
        }
        // The whole description, not only the cache key: a device profile may change what a device
        // reports (type, vendor, limits) without changing its driver.
        String key = file + "\n" + DeviceDescription.of(device);
        Cached c = CACHE.get(key);
        if (c != null && c.modified() == modified && c.size() == size) {
            return c.lookup();
        }
        TuningLookup lookup = store.lookup(device, builtIn());
        CACHE.put(key, new Cached(modified, size, lookup));
        return lookup;
    }
}
