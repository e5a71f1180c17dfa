package org.lamina.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 *
 * <p>The backends themselves are {@link BackendProvider}s found with {@link ServiceLoader}: a
 * provider's name ({@code java}, {@code opencl}) chooses its best device; other descriptions go to
 * each provider in turn, highest {@link BackendProvider#priority() priority} first, and so does the
 * default.
 */
public final class Backends {
    /** The device description that selects the pure-Java backend. */
    public static final String JAVA = "java";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** The fallbacks said already (device types, and a provider's name for none of its devices): each once per JVM. */
    private static final Set<String> FELL_BACK = ConcurrentHashMap.newKeySet();

    /** The providers, highest priority first; the engine's own loader finds them on a class path and in OSGi alike. */
    private static final List<BackendProvider> PROVIDERS = ServiceLoader
            .load(BackendProvider.class, BackendProvider.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(BackendProvider::priority).reversed())
            .toList();

    private Backends() {
    }

    /** The backend providers there are, highest priority first. */
    public static List<BackendProvider> providers() {
        return PROVIDERS;
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
            try {
                return select(wanted.strip()).open(BackendProvider.Settings.DEFAULT);
            } catch (BackendProvider.Unmet e) {
                return fallBack(wanted.strip(), e.getMessage());
            }
        }
        return openDefault();
    }

    /**
     * Opens exactly the device {@code spec} names, with {@code settings}: a type that no device meets
     * fails rather than falling back (a benchmark times the device it was told to).
     *
     * @throws IllegalArgumentException when no device matches
     */
    public static Backend openExactly(String spec, BackendProvider.Settings settings) {
        return select(spec.strip()).open(settings);
    }

    /**
     * The device {@code spec} names: a provider's best when it is the provider's name, else the first
     * provider's that takes it.
     */
    private static BackendProvider.Choice select(String spec) {
        for (BackendProvider p : PROVIDERS) {
            if (p.name().equalsIgnoreCase(spec)) {
                return p.best().orElseThrow(() -> new IllegalArgumentException("device '" + spec + "': no " + p.what()
                        + " to run on (" + p.whyNone() + ")"));
            }
        }
        for (BackendProvider p : PROVIDERS) {
            Optional<BackendProvider.Choice> c = p.select(spec);
            if (c.isPresent()) {
                return c.get();
            }
        }
        throw new IllegalArgumentException("device '" + spec + "' matches no backend (" + String.join(", ",
                PROVIDERS.stream().map(BackendProvider::name).toList()) + ")");
    }

    /** The default device in place of a type that has none to run on, said once per type. */
    private static Backend fallBack(String type, String why) {
        Backend backend = best(false);
        if (FELL_BACK.add(type.toLowerCase(Locale.ROOT))) {
            String reason = why.startsWith("device: ") ? why.substring("device: ".length()) : why;
            LOG.log(System.Logger.Level.WARNING, "no " + type + " device to run on (" + reason
                    + "); running on the best available device instead: " + backend.device());
        }
        return backend;
    }

    private static Backend openDefault() {
        return best(true);
    }

    /**
     * The best device of the provider of highest priority that has one; when that is not the first
     * provider and {@code warn}, a warning (once per provider) says why the ones before had none.
     */
    private static Backend best(boolean warn) {
        for (int i = 0; i < PROVIDERS.size(); i++) {
            BackendProvider p = PROVIDERS.get(i);
            Optional<BackendProvider.Choice> c = p.best();
            if (c.isPresent()) {
                if (warn && i > 0 && FELL_BACK.add(p.name())) {
                    BackendProvider first = PROVIDERS.get(0);
                    LOG.log(System.Logger.Level.WARNING, "no " + first.what() + " to run on (" + first.whyNone()
                            + "); running on the " + p.what());
                }
                return c.get().open(BackendProvider.Settings.DEFAULT);
            }
        }
        throw new IllegalStateException("no backend to run on: " + String.join("; ",
                PROVIDERS.stream().map(p -> p.name() + ": " + p.whyNone()).toList()));
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
            BackendProvider.Choice choice;
            try {
                choice = select(entry);
            } catch (IllegalArgumentException e) {
                String why = e.getMessage().startsWith("device: ") ? e.getMessage().substring(8) : e.getMessage();
                throw new IllegalArgumentException("device list '" + all + "': " + why, e);
            }
            String key = choice.key();
            Supplier<Backend> open = () -> choice.open(BackendProvider.Settings.DEFAULT);
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
