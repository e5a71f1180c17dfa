package org.lamina.shell.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lamina.shell.Shell;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The states of plugin bundles as the container sees them: each provider's bundle state, and every
 * bundle or component that could not start, with the reason (a missing dependency, an exception in
 * its constructor or activation).
 */
final class BundleStates implements Shell.PluginStates {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    BundleStates(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    public String state(String provider) {
        for (Bundle b : context.getBundles()) {
            if ((b.getSymbolicName() + " " + b.getVersion()).equals(provider)) {
                return name(b.getState());
            }
        }
        return "gone";
    }

    @Override
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0 || b.getState() != Bundle.INSTALLED) {
                continue;
            }
            // An installed bundle that is not resolved: starting it again yields the resolver's reason.
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                out.add(describe(b) + " cannot start: " + e.getMessage());
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    out.add(describe(context.getBundle(d.bundle.id)) + ": component " + d.name
                            + " failed to activate: " + c.failure);
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    StringBuilder refs = new StringBuilder();
                    for (var u : c.unsatisfiedReferences) {
                        refs.append(refs.length() > 0 ? ", " : "").append(u.name).append(" (").append(u.target == null
                                ? "no service" : u.target).append(')');
                    }
                    out.add(describe(context.getBundle(d.bundle.id)) + ": component " + d.name
                            + " is waiting for " + refs);
                }
            }
        }
        return out;
    }

    private static String describe(Bundle b) {
        return b == null ? "a removed bundle" : "bundle " + b.getSymbolicName() + " " + b.getVersion()
                + " (" + b.getLocation() + ")";
    }

    static String name(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.INSTALLED -> "installed";
            default -> Integer.toString(state).toLowerCase(Locale.ROOT);
        };
    }
}
