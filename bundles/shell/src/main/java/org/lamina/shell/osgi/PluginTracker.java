package org.lamina.shell.osgi;

import java.util.ArrayList;
import java.util.List;
import org.lamina.registry.PluginKind;
import org.lamina.registry.Registry;
import org.lamina.spi.Plugin;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Feeds the container's {@link Registry} from the OSGi service registry: every service of each
 * {@link PluginKind} a plugin bundle publishes is registered under the bundle's name and version
 * while the service exists, and unregistered when its bundle stops or goes away. One tracker a
 * kind, opened with the component, so a new kind is a line in {@link PluginKind}.
 */
@Component(service = PluginTracker.class, immediate = true)
public final class PluginTracker {
    private final Registry registry = new Registry();
    private final List<ServiceTracker<Plugin, Plugin>> trackers = new ArrayList<>();
    /** Set while the trackers close with the component: the services stay, only this registry goes. */
    private volatile boolean closing;

    /** The registry the container's commands resolve names in. */
    public Registry registry() {
        return registry;
    }

    static String provider(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "unknown bundle" : b.getSymbolicName() + " " + b.getVersion();
    }

    @Activate
    void activate(BundleContext context) {
        for (PluginKind kind : PluginKind.values()) {
            ServiceTracker<Plugin, Plugin> t = new ServiceTracker<>(context, kind.type().getName(), new Kind(context, kind));
            trackers.add(t);
            t.open();
        }
    }

    @Deactivate
    void deactivate() {
        closing = true;
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    /** Registers and unregisters the services of one kind as they come and go. */
    private final class Kind implements ServiceTrackerCustomizer<Plugin, Plugin> {
        private final BundleContext context;
        private final PluginKind kind;

        Kind(BundleContext context, PluginKind kind) {
            this.context = context;
            this.kind = kind;
        }

        @Override
        public Plugin addingService(ServiceReference<Plugin> ref) {
            Plugin service = context.getService(ref);
            if (service != null) {
                registry.register(kind, service, provider(ref));
            }
            return service;
        }

        @Override
        public void modifiedService(ServiceReference<Plugin> ref, Plugin service) {
        }

        @Override
        public void removedService(ServiceReference<Plugin> ref, Plugin service) {
            if (!closing) {
                // a plugin went away; a training that uses it hears so through the registry's listeners
                registry.unregister(kind, service);
            }
            context.ungetService(ref);
        }
    }
}
