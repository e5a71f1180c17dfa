package org.lamina.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lamina.spi.Architecture;
import org.lamina.spi.LayerType;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The architectures, losses, optimizers, schedules and layer types that plugins provide, by name.
 * On a plain class path they are found with {@link ServiceLoader}; an OSGi container registers and
 * unregisters them as its bundles come and go. Lookups of unknown names fail with the list of
 * known ones.
 */
public final class Registry {

    /** One registered service and who provided it (a jar or a bundle). */
    public record Entry<T>(String name, T service, String provider) {
    }

    /** Told when services come and go. */
    @ConsumerType
    public interface Listener {
        void changed(Class<?> kind, String name, boolean added);
    }

    private final Map<Class<?>, Map<String, Entry<?>>> services = new ConcurrentHashMap<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** An empty registry. */
    public Registry() {
        for (PluginKind k : PluginKind.values()) {
            services.put(k.type(), new ConcurrentHashMap<>());
        }
    }

    /** A registry holding every service {@link ServiceLoader} finds with {@code loader}. */
    public static Registry fromClassPath(ClassLoader loader) {
        Registry r = new Registry();
        for (PluginKind k : PluginKind.values()) {
            r.loadServices(k.type(), loader);
        }
        return r;
    }

    /** {@link #fromClassPath(ClassLoader)} with this class's loader. */
    public static Registry fromClassPath() {
        return fromClassPath(Registry.class.getClassLoader());
    }

    private <T extends Plugin> void loadServices(Class<T> kind, ClassLoader loader) {
        ServiceLoader<T> sl = ServiceLoader.load(kind, loader);
        for (ServiceLoader.Provider<T> p : sl.stream().toList()) {
            try {
                T service = p.get();
                register(kind, service.name(), service, providerOf(p.type()));
            } catch (ServiceConfigurationError | RuntimeException e) {
                warnings.add("could not load a " + kind.getSimpleName() + " (" + p.type().getName() + "): "
                        + e.getMessage());
            }
        }
    }

    private static String providerOf(Class<?> type) {
        var src = type.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) {
            return "class path";
        }
        String path = src.getLocation().getPath();
        return path.substring(path.replaceAll("/$", "").lastIndexOf('/') + 1);
    }

    /** Adds a service of {@code kind} under its own name; see {@link #register(Class, String, Object, String)}. */
    public boolean register(PluginKind kind, Plugin service, String provider) {
        return register(kind.type(), service, provider);
    }

    private <T extends Plugin> boolean register(Class<T> type, Plugin service, String provider) {
        return register(type, service.name(), type.cast(service), provider);
    }

    /** Removes a service of {@code kind} if it is the one registered under its name. */
    public boolean unregister(PluginKind kind, Plugin service) {
        return unregister(kind.type(), service);
    }

    private <T extends Plugin> boolean unregister(Class<T> type, Plugin service) {
        return unregister(type, service.name(), type.cast(service));
    }

    /**
     * Adds a service. A second service of the same kind and name is refused with a warning; the
     * first stays.
     *
     * @return whether it was added
     */
    public <T> boolean register(Class<T> kind, String name, T service, String provider) {
        Map<String, Entry<?>> m = table(kind);
        Entry<T> e = new Entry<>(name, service, provider);
        Entry<?> prior = m.putIfAbsent(name, e);
        if (prior != null) {
            warnings.add(kind.getSimpleName() + " '" + name + "' from " + provider + " ignored: " + prior.provider()
                    + " already provides it");
            return false;
        }
        listeners.forEach(l -> l.changed(kind, name, true));
        return true;
    }

    /** Removes the service of that kind and name if {@code service} is the one registered. */
    public <T> boolean unregister(Class<T> kind, String name, T service) {
        Map<String, Entry<?>> m = table(kind);
        Entry<?> e = m.get(name);
        if (e != null && e.service() == service && m.remove(name, e)) {
            listeners.forEach(l -> l.changed(kind, name, false));
            return true;
        }
        return false;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Every service of a kind, sorted by name. */
    @SuppressWarnings("unchecked")
    public <T> List<Entry<T>> list(Class<T> kind) {
        List<Entry<T>> out = new ArrayList<>();
        new TreeMap<>(table(kind)).values().forEach(e -> out.add((Entry<T>) e));
        return out;
    }

    /**
     * The service of a kind by name.
     *
     * @throws IllegalArgumentException naming the available ones when there is none
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> kind, String name) {
        Entry<?> e = table(kind).get(name == null ? "" : name.strip().toLowerCase(Locale.ROOT));
        if (e == null) {
            e = table(kind).get(name);
        }
        if (e == null) {
            String what = PluginKind.of(kind).noun();
            List<String> names = list(kind).stream().map(Entry::name).toList();
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; "
                    + (names.isEmpty() ? "none is installed" : "available: " + String.join(", ", names)));
        }
        return (T) e.service();
    }

    public Architecture architecture(String name) {
        return get(Architecture.class, name);
    }

    public Loss loss(String name) {
        return get(Loss.class, name);
    }

    public Optimizer optimizer(String name) {
        return get(Optimizer.class, name);
    }

    public LearningRateSchedule schedule(String name) {
        return get(LearningRateSchedule.class, name);
    }

    public LayerType layerType(String name) {
        return get(LayerType.class, name);
    }

    /** Problems met while loading or registering services. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private Map<String, Entry<?>> table(Class<?> kind) {
        Map<String, Entry<?>> m = services.get(kind);
        if (m == null) {
            throw new IllegalArgumentException(kind.getName() + " is not a kind of Lamina plugin service");
        }
        return m;
    }
}
