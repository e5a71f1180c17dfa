package org.lamina.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lamina.shell.osgi.DeployedJar;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The embedded Apache Felix container: Declarative Services (SCR), FileInstall watching a deploy
 * directory (drop a plugin bundle in and it is live; remove it and it is gone), the Gogo shell with
 * the {@code lamina:*} commands, and Lamina's kernels, engine and shell as bundles.
 *
 * <p>The jars next to the command line ({@code lib/}) are sorted by what they are: OSGi bundles are
 * installed, plugin bundles ({@code lamina-plugin-*}) go to the deploy directory when it is first
 * created (and replace their deployed copies when those differ), and plain jars without an OSGi manifest (JOCL, JFreeChart, the progress bar) are exported
 * by the framework as system packages. JOCL in particular must not be a private copy inside a bundle:
 * its native library can be loaded only once per process, so a bundle reinstalled would fail.
 */
public final class Container implements AutoCloseable {
    /** Where the container takes its jars from, where it looks for plugins, and where Felix keeps its state. */
    public record Layout(Path lib, Path deploy, Path storage) {
    }

    private static final String PLUGIN_PREFIX = "lamina-plugin-";
    private final Framework framework;
    private final Layout layout;

    private Container(Framework framework, Layout layout) {
        this.framework = framework;
        this.layout = layout;
    }

    /** The {@code lib/} folder beside the command line's jar (or beside {@code target/classes}). */
    public static Path defaultLib() {
        try {
            Path here = Path.of(Container.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent().resolve("lib");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the framework with every bundle of {@code layout.lib()} and waits (up to 30 seconds)
     * until FileInstall has installed the deploy directory's bundles.
     *
     * @param interactive whether the Gogo shell reads commands from the console
     */
    public static Container start(Layout layout, boolean interactive) throws IOException, BundleException {
        List<Path> bundles = new ArrayList<>(), plugins = new ArrayList<>(), plain = new ArrayList<>();
        try (Stream<Path> s = Files.list(layout.lib())) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String bsn = symbolicName(jar);
                if (bsn == null) {
                    plain.add(jar);
                } else if (bsn.startsWith(PLUGIN_PREFIX)) {
                    plugins.add(jar);
                } else if (!bsn.equals("org.apache.felix.framework") && !bsn.equals("lamina-cli")) {
                    bundles.add(jar);
                }
            }
        }
        if (!Files.exists(layout.deploy())) {
            Files.createDirectories(layout.deploy());
            for (Path p : plugins) {
                Files.copy(p, layout.deploy().resolve(p.getFileName()));
            }
        } else {
            // A built-in plugin still deployed under its own name is refreshed from a newer build, so that
            // a deploy directory made once does not keep serving old plugins; one the user removed stays out.
            for (Path p : plugins) {
                Path deployed = layout.deploy().resolve(p.getFileName());
                if (Files.isRegularFile(deployed) && Files.mismatch(p, deployed) != -1) {
                    Files.copy(p, deployed, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, layout.storage().toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackages(plain));
        config.put("felix.fileinstall.dir", layout.deploy().toAbsolutePath().toString());
        config.put("felix.fileinstall.poll", "300");
        config.put("felix.fileinstall.noInitialDelay", "true");
        // FileInstall prints a stack trace for a jar it cannot install; lamina:plugins reports such a jar
        // as a problem line, so without a console FileInstall stays quiet, and with one it logs its
        // errors through java.util.logging, one line each (ConsoleLogging).
        config.put("felix.fileinstall.log.level", interactive ? "1" : "0");
        config.put("felix.fileinstall.log.default", "jul");
        config.put("gosh.args", interactive ? "" : "--nointeractive");
        config.put("gosh.home", layout.storage().toString());
        Framework fw = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(config);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path p : bundles) {
            installed.add(ctx.installBundle(p.toUri().toString()));
        }
        fw.start();
        Bundle console = null;
        for (Bundle b : installed) {
            if ("org.apache.felix.gogo.shell".equals(b.getSymbolicName())) {
                console = b; // last: it reads the console at once, so the lamina:* commands must be there
            } else if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        Container c = new Container(fw, layout);
        c.awaitService("org.lamina.shell.osgi.ShellCommands", 30_000);
        c.awaitDeployed(30_000);
        if (interactive) {
            System.out.println("Lamina container: plugins in " + layout.deploy().toAbsolutePath() + " (drop a bundle in "
                    + "to deploy it, remove it to undeploy). Try lamina:plugins, lamina:devices, lamina:train --help; "
                    + "'stop 0' to leave.");
        }
        if (console != null) {
            console.start();
        }
        return c;
    }

    /** Waits until a service of {@code className} is registered; returns whether it was within {@code millis}. */
    public boolean awaitService(String className, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try {
                if (context().getAllServiceReferences(className, null) != null) {
                    return true;
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            sleep(50);
        }
        return false;
    }

    public Framework framework() {
        return framework;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public Layout layout() {
        return layout;
    }

    /** The bundle of a symbolic name, or null. */
    public Bundle bundle(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * Waits until every jar in the deploy directory is installed as a bundle and, unless it cannot
     * resolve, active; returns whether that happened within {@code millis}.
     */
    public boolean awaitDeployed(long millis) throws IOException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (deployedSettled()) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    private boolean deployedSettled() throws IOException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(layout.deploy())) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            Bundle b = byFile(jar);
            // A jar that cannot be a bundle never gets one (lamina:plugins says why).
            if (b == null && DeployedJar.whyNotABundle(jar) == null
                    || b != null && b.getState() == Bundle.STARTING) {
                return false;
            }
        }
        // And bundles whose jars were removed are gone.
        for (Bundle b : context().getBundles()) {
            Path f = file(b);
            if (f != null && f.startsWith(layout.deploy().toAbsolutePath()) && !Files.exists(f)) {
                return false;
            }
        }
        return true;
    }

    /** The bundle FileInstall installed from {@code jar}, or null. */
    public Bundle byFile(Path jar) {
        Path want = jar.toAbsolutePath().normalize();
        for (Bundle b : context().getBundles()) {
            Path f = file(b);
            if (want.equals(f)) {
                return b;
            }
        }
        return null;
    }

    private static Path file(Bundle b) {
        String loc = b.getLocation();
        try {
            return loc.startsWith("file:") ? Path.of(new URI(loc)).toAbsolutePath().normalize() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Runs a Gogo command line (e.g. {@code lamina:plugins}) and returns what it printed, standard
     * output and error together. The Gogo service lives in a bundle, so it is called reflectively.
     */
    public String execute(String commandLine) {
        // All references, not only those whose class this (the system) bundle would see as its own:
        // the host's class path has a copy of Gogo's API that is not the bundle's.
        ServiceReference<?>[] refs;
        try {
            refs = context().getAllServiceReferences("org.apache.felix.service.command.CommandProcessor", null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceReference<?> ref = refs == null ? null : refs[0];
        if (ref == null) {
            throw new IllegalStateException("the Gogo shell is not running in the container; bundles: " + bundleStates());
        }
        Object processor = context().getService(ref);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            Method create = processor.getClass().getMethod("createSession", InputStream.class, OutputStream.class,
                    OutputStream.class);
            Object session = create.invoke(processor, InputStream.nullInputStream(), out, out);
            try {
                Method exec = session.getClass().getMethod("execute", CharSequence.class);
                exec.setAccessible(true);
                exec.invoke(session, commandLine);
            } catch (InvocationTargetException e) {
                out.println("error: " + e.getCause());
            } finally {
                Method close = session.getClass().getMethod("close");
                close.setAccessible(true);
                close.invoke(session);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("running '" + commandLine + "' in the Gogo shell: " + e, e);
        } finally {
            context().ungetService(ref);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Every bundle with its state, one per line. */
    public String bundleStates() {
        StringBuilder sb = new StringBuilder();

        for (Bundle b : context().getBundles()) {
            sb.append('\n').append(b.getBundleId()).append(' ').append(b.getSymbolicName()).append(' ')
                    .append(b.getVersion()).append(": ").append(switch (b.getState()) {
                        case Bundle.ACTIVE -> "active";
                        case Bundle.RESOLVED -> "resolved";
                        case Bundle.INSTALLED -> "installed";
                        case Bundle.STARTING -> "starting";
                        case Bundle.STOPPING -> "stopping";
                        default -> "uninstalled";
                    });
        }
        return sb.toString();
    }

    /** Blocks until the framework stops (the shell's {@code stop 0} or {@code exit}). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and deletes its storage. */
    @Override
    public void close() throws IOException {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            throw new IOException("stopping the container: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(layout.storage())) {
            try (Stream<Path> s = Files.walk(layout.storage())) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String symbolicName(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return bsn == null ? null : bsn.split(";")[0].strip();
        }
    }

    /** Every package of the plain jars, with the jar's version when it names one. */
    static String systemPackages(List<Path> jars) throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        for (Path jar : jars) {
            try (JarFile j = new JarFile(jar.toFile())) {
                Manifest m = j.getManifest();
                String v = m == null ? null : m.getMainAttributes().getValue("Implementation-Version");
                String version = osgiVersion(v);
                Enumeration<JarEntry> e = j.entries();
                while (e.hasMoreElements()) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class") && name.contains("/") && !name.startsWith("META-INF")) {
                        String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
                        packages.add(pkg + (version == null ? "" : ";version=\"" + version + "\""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + jar, e);
            }
        }
        return String.join(",", packages);
    }

    private static String osgiVersion(String v) {
        if (v == null) {
            return null;
        }
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?").matcher(v);
        return m.find() ? m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "."
                + (m.group(3) == null ? "0" : m.group(3)) : null;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
