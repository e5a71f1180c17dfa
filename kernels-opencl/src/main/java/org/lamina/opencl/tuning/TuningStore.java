package org.lamina.opencl.tuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.lamina.io.AtomicFiles;
import org.lamina.opencl.Device;

/**
 * Where tuned files live (docs/tuning-database.md: the same format as the database's entries): one
 * JSON file per device, {@code <dir>/<device-id>.json}, the directory
 * {@code LAMINA_TUNING_DIR} or else {@code ~/.cache/lamina/tuning} (under {@code XDG_CACHE_HOME} when
 * set). The device id is the device's name made file-safe plus a hash of its platform, vendor and
 * driver versions, so a driver update starts untuned rather than with another driver's findings.
 */
public final class TuningStore {
    public static final String ENVIRONMENT_VARIABLE = "LAMINA_TUNING_DIR";
    private final Path dir;

    private TuningStore(Path dir) {
        this.dir = dir;
    }

    public static TuningStore at(Path dir) {
        return new TuningStore(dir);
    }

    public static TuningStore fromEnvironment() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return at(Path.of(env.strip()));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return at(base.resolve("lamina").resolve("tuning"));
    }

    public Path dir() {
        return dir;
    }

    /** The file name stem of a device: {@code pthread-skylake-avx512-amd-epyc-1a2b3c4d5e6f}. */
    public static String deviceId(Device device) {
        String name = device.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (name.length() > 48) {
            name = name.substring(0, 48);
        }
        return name + "-" + sha256(device.cacheKey()).substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Path file(Device device) {
        return dir.resolve(deviceId(device) + ".json");
    }

    /**
     * The stored table of {@code device}, if one was written for it (format 2, or 1 from an older
     * version).
     *
     * @throws IllegalArgumentException when the file exists but is not a valid table, or belongs to
     *     another device or driver
     */
    public Optional<TuningTable> load(Device device) {
        Path f = file(device);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading tuning file " + f, e);
        }
        TuningTable t = TuningTable.fromJson(text, "tuning file " + f);
        if (t.tunedOn() != null ? !t.tunedOn().equals(device.cacheKey())
                : !t.device().matches(DeviceDescription.of(device))) {
            throw new IllegalArgumentException("tuning file " + f + " is for device '"
                    + (t.tunedOn() != null ? t.tunedOn() : t.key()) + "', not '" + device.cacheKey() + "'");
        }
        KernelFamilies.check(t, "tuning file " + f, DeviceDescription.of(device), TuningDatabase.builtIn());
        return Optional.of(t);
    }

    /**
     * The tuning of {@code device}: {@code database}'s entries under the stored table, when there is
     * one. A file that cannot be read or parsed is a cache gone stale, not a reason to stop: it is
     * reported as a warning and the database serves.
     */
    public TuningLookup lookup(Device device, TuningDatabase database) {
        DeviceDescription d = DeviceDescription.of(device);
        try {
            Optional<TuningTable> t = load(device);
            if (t.isPresent()) {
                return database.lookup(d, t.get(), file(device).toString());
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.getLogger(TuningStore.class.getName()).log(System.Logger.Level.WARNING,
                    e.getMessage() + "; using the tuning database (run 'lamina tune' again)");
        }
        return database.lookup(d);
    }

    /** Writes {@code table} as {@code device}'s file, atomically; returns the file. */
    public Path save(Device device, TuningTable table) {
        Path f = file(device);
        try {
            AtomicFiles.write(f, table.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing tuning file " + f, e);
        }
        return f;
    }
}
