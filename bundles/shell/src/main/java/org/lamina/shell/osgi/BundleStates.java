package org.lamina.shell.osgi;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.List;
import java.util.Locale;
import org.lamina.shell.Shell;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
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
        Path deploy = deployDirectory();
        for (Bundle b : context.getBundles()) {
            // An installed bundle that is not resolved: starting it again yields the resolver's reason.
            // A deployed bundle left resolved (not a fragment) failed to start: starting it again yields
            // the exception its activator threw.
            boolean deployed = deploy != null && deploy.equals(file(b) == null ? null : file(b).getParent());
            boolean stuck = b.getState() == Bundle.INSTALLED || b.getState() == Bundle.RESOLVED && deployed
                    && b.getHeaders().get(Constants.FRAGMENT_HOST) == null;
            if (b.getBundleId() == 0 || !stuck) {
                continue;
            }
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                Throwable cause = e.getCause();
                out.add(describe(b) + " cannot start: " + (e instanceof BundleException be
                        && be.getType() == BundleException.ACTIVATOR_ERROR && cause != null
                        ? "its activator failed: " + cause : e.getMessage()));
            }
        }
        out.addAll(unusableJars(deploy));
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

    /** The deploy directory FileInstall watches, or null outside the container. */
    private Path deployDirectory() {
        String dir = context.getProperty("felix.fileinstall.dir");
        return dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /** Each jar of the deploy directory that no bundle came from, with why it cannot be one. */
    private List<String> unusableJars(Path deploy) {
        List<String> out = new ArrayList<>();
        if (deploy == null || !Files.isDirectory(deploy)) {
            return out;
        }
        Set<Path> installed = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            Path f = file(b);
            if (f != null) {
                installed.add(f);
            }
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(deploy)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).map(p -> p.toAbsolutePath().normalize())
                    .filter(p -> !installed.contains(p)).sorted().toList();
        } catch (IOException e) {
            return List.of("deploy directory " + deploy + " cannot be read: " + e.getMessage());
        }
        for (Path jar : jars) {
            String why = DeployedJar.whyNotABundle(jar);
            if (why != null) {
                out.add("file " + jar + " is not installed: " + why);
            }
        }
        return out;
    }

    private static Path file(Bundle b) {
        String loc = b.getLocation();
        try {
            return loc.startsWith("file:") ? Path.of(new URI(loc)).toAbsolutePath().normalize() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
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
