package org.lamina.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceChoice;
import org.lamina.opencl.Devices;

/**
 * Opens the backend a user asked for: {@code java} for the reference backend, or an OpenCL device
 * by index, type or name (see {@link Devices#select}). Without a choice, {@code LAMINA_DEVICE}
 * decides; without that, the default device ({@link Devices#choice()}: the fastest real one), or the
 * Java backend with a warning when there is none.
 *
 * <p>A device type ({@code gpu}, {@code cpu}, {@code accelerator}) is a preference: when no device of
 * that type can run, the best available device serves instead, with one warning naming it. An index
 * or a name is exact: it fails when it matches nothing.
 */
public final class Backends {
    /** The device description that selects the pure-Java backend. */
    public static final String JAVA = "java";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** The fallbacks said already (device types, and {@code java} for no OpenCL at all): each once per JVM. */
    private static final Set<String> FELL_BACK = ConcurrentHashMap.newKeySet();

    private Backends() {
    }

    /**
     * The best available device: the one {@code LAMINA_DEVICE} names, else the fastest real OpenCL
     * device ({@link Devices#choice()}), else the Java backend (with a warning saying why).
     */
    public static Backend open() {
        return open(null);
    }

    /**
     * @param spec {@code java}, a device index, type or name; null or blank for the default. A type
     *     with no usable device of its own falls back to the default, with one warning.
     * @throws IllegalArgumentException when no device matches an index or name, or {@code spec} is a
     *     list ({@link #list} opens several)
     */
    public static Backend open(String spec) {
        if (isList(spec)) {
            throw new IllegalArgumentException("device '" + spec.strip() + "' names several devices; this runs on"
                    + " one (training runs on several: lamina train --device 0,1)");
        }
        String wanted = spec != null && !spec.isBlank() ? spec.strip() : System.getenv(Devices.ENVIRONMENT_VARIABLE);
        if (wanted != null && !wanted.isBlank()) {
            wanted = wanted.strip();
            if (wanted.equalsIgnoreCase(JAVA)) {
                return new JavaBackend();
            }
            Device device;
            try {
                device = Devices.select(wanted);
            } catch (IllegalArgumentException e) {
                if (!Devices.isType(wanted)) {
                    throw e;
                }
                return fallBack(wanted, e.getMessage());
            }
            return new OpenClBackend(device);
        }
        return openDefault();
    }

    /** The default device in place of a type that has none to run on, said once per type. */
    private static Backend fallBack(String type, String why) {
        DeviceChoice choice = Devices.choice();
        Backend backend = choice.device().<Backend>map(OpenClBackend::new).orElseGet(JavaBackend::new);
        if (FELL_BACK.add(type.toLowerCase(Locale.ROOT))) {
            String reason = why.startsWith("device: ") ? why.substring("device: ".length()) : why;
            LOG.log(System.Logger.Level.WARNING, "no " + type + " device to run on (" + reason
                    + "); running on the best available device instead: " + backend.device());
        }
        return backend;
    }

    private static Backend openDefault() {
        DeviceChoice choice = Devices.choice();
        if (choice.device().isPresent()) {
            return new OpenClBackend(choice.device().get());
        }
        if (FELL_BACK.add(JAVA)) {
            LOG.log(System.Logger.Level.WARNING, "no OpenCL device to run on ("
                    + Devices.problem().orElse(choice.reason()) + "); running on the Java backend");
        }
        return new JavaBackend();
    }

    /** Whether {@code spec} names several devices ({@code 0,1}): a comma-separated list. */
    public static boolean isList(String spec) {
        return spec != null && spec.contains(",");
    }

    /**
     * The backends of a comma-separated list of devices ({@code 0,1}, {@code 0,java}, {@code cpu,gpu}),
     * each entry as {@link #open} takes it. Nothing is opened yet: each backend is opened by whoever
     * calls its supplier, on the thread that will use it (a data-parallel run opens each on its
     * device's thread).
     *
     * @throws IllegalArgumentException naming the list and the entry when an entry is empty, matches
     *     no device, or names a device another entry named already
     */
    public static List<Supplier<Backend>> list(String spec) {
        String all = spec == null ? "" : spec.strip();
        String[] entries = all.split(",", -1);
        List<Supplier<Backend>> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("device list '" + all + "': entry " + (i + 1)
                        + " is empty; give device indices, types or names separated by commas, e.g. 0,1");
            }
            String key;
            Supplier<Backend> open;
            if (entry.equalsIgnoreCase(JAVA)) {
                key = JAVA;
                open = JavaBackend::new;
            } else {
                Device d;
                try {
                    d = Devices.select(entry);
                } catch (IllegalArgumentException e) {
                    String why = e.getMessage().startsWith("device: ") ? e.getMessage().substring(8) : e.getMessage();
                    throw new IllegalArgumentException("device list '" + all + "': " + why, e);
                }
                key = "#" + d.index();
                open = () -> new OpenClBackend(d);
            }
            String before = seen.putIfAbsent(key, entry);
            if (before != null) {
                throw new IllegalArgumentException("device list '" + all + "': '" + entry + "' names "
                        + (key.equals(JAVA) ? "the Java backend" : "device " + key) + ", which '" + before
                        + "' named already; each device can be used once");
            }
            out.add(open);
        }
        return out;
    }
}
