package org.lamina.karaf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.OpenClTests;

/**
 * Lamina in a real Apache Karaf, the way docs/osgi.md tells a user: a fresh Karaf from Maven Central
 * with libjsig preloaded by {@code bin/setenv} gets Lamina from its feature repository in two commands,
 * trains on OpenCL through {@code lamina:train}, takes a plugin dropped into {@code deploy/} (which
 * trains with Aparapi, a bundle with native code) and lets it go, survives a refresh of the JOCL and
 * kernels bundles (their native library loaded again for the new class loader), and trains again.
 * Lamina's {@code System.Logger} output lands in Karaf's log.
 */
class KarafFeatureTest {
    static final String VERSION = System.getProperty("lamina.version");
    static final Path TARGET = Path.of(System.getProperty("lamina.repository")).getParent();

    @Test
    void featureInstallsTrainsHotDeploysAndSurvivesARefresh() throws Exception {
        int device = OpenClTests.device().index();
        requireOpenSsh();
        Path data = SyntheticDigits.write(TARGET.resolve("karaf-data"), 256, 64, 7);
        Path cache = TARGET.resolve("karaf-kernel-cache");
        Karaf.deleteTree(cache);
        try (Karaf karaf = Karaf.prepare(Path.of(System.getProperty("lamina.karaf.dist")), TARGET.resolve("karaf"),
                Path.of(System.getProperty("lamina.repository")))) {
            karaf.start(Map.of("LAMINA_KERNEL_CACHE", cache.toString()), 240_000);

            // The two commands of docs/osgi.md.
            karaf.execute("feature:repo-add mvn:org.lamina/lamina-features/" + VERSION + "/xml/features", 120);
            karaf.execute("feature:install lamina", 300);
            karaf.await("the built-in plugins in lamina:plugins", () -> {
                String out = karaf.shell("lamina:plugins", 60).output();
                return out.contains("lenet5") && out.contains("cross-entropy") && out.contains("sgd");
            }, 60_000);

            String train = "lamina:train --dataset mnist --data " + data + " --no-progress --device " + device
                    + " --epochs 1 --batch-size 32 ";
            deleteEventFiles(TARGET.resolve("karaf-run-1")); // left by an earlier build
            String first = karaf.execute(train + "--arch lenet5 --limit 128 --out " + TARGET.resolve("karaf-run-1"), 600);
            assertTrained(karaf, first, "lenet5");
            // the feature's lamina-tensorboard and protobuf bundles wrote the run's TensorBoard events
            try (var files = Files.list(TARGET.resolve("karaf-run-1"))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")),
                        "no TensorBoard event file in karaf-run-1" + karaf.tails());
            }
            List<Path> lenetBinaries = binaries(cache);
            assertFalse(lenetBinaries.isEmpty(), "training stored kernel binaries in " + cache + karaf.tails());

            // A plugin dropped into deploy/ (renamed into place, as a copy must be) and taken out again.
            Path jar = Path.of(System.getProperty("lamina.example.layer"));
            Path deployed = karaf.home().resolve("deploy").resolve(jar.getFileName());
            Path part = karaf.home().resolve("deploy").resolve(jar.getFileName() + ".part");
            Files.copy(jar, part);
            Files.move(part, deployed, StandardCopyOption.ATOMIC_MOVE);
            karaf.await("lenet5-swish in lamina:plugins after the deploy",
                    () -> karaf.shell("lamina:plugins", 60).output().contains("lenet5-swish"), 60_000);
            String plugins = karaf.execute("lamina:plugins", 60);
            assertFalse(plugins.contains("problem:"), plugins);
            String swish = karaf.execute(train + "--arch lenet5-swish --arch-options impl=aparapi --limit 32 --out "
                    + TARGET.resolve("karaf-run-swish"), 600);
            assertTrained(karaf, swish, "lenet5-swish");
            Files.delete(deployed);
            karaf.await("lenet5-swish gone from lamina:plugins after the removal",
                    () -> !karaf.shell("lamina:plugins", 60).output().contains("swish"), 60_000);

            // A refresh gives JOCL (and everything wired to it) a new class loader, which needs its own copy
            // of the native library: the framework extracts one per class loader from Bundle-NativeCode.
            // bundle:refresh returns at once; the shell's command service, registered anew, tells it is done.
            String commands = commandsServiceId(karaf);
            karaf.execute("bundle:refresh lamina-osgi-jocl lamina-kernels-opencl", 120);
            karaf.await("the lamina commands registered again after the refresh (service " + commands + " before)",
                    () -> {
                        String now = commandsServiceId(karaf);
                        return now != null && !now.equals(commands)
                                && karaf.shell("lamina:plugins", 60).output().contains("sgd");
                    }, 120_000);

            // A damaged kernel binary: the new class loader reads the cache from disk and warns through
            // System.Logger, which must reach karaf.log.
            Path damaged = lenetBinaries.get(0);
            Files.write(damaged, new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'b', 'i', 'n', 'a', 'r', 'y'});
            String second = karaf.execute(train + "--arch lenet5 --limit 64 --out " + TARGET.resolve("karaf-run-2"), 600);
            assertTrained(karaf, second, "lenet5");
            karaf.await("Lamina's System.Logger warning about " + damaged.getFileName() + " in karaf.log",
                    () -> karaf.logText().lines().anyMatch(l -> l.contains("WARN") && l.contains("kernel cache: ")
                            && l.contains(damaged.getFileName().toString()) && l.contains("is damaged")), 10_000);

            try (Stream<Path> s = Files.walk(karaf.home().resolve("data/cache"))) {
                long copies = s.filter(p -> p.getFileName().toString().startsWith("libJOCL_")).count();
                assertTrue(copies >= 2, "the JOCL library was extracted again for the new class loader (" + copies
                        + " copies in data/cache)" + karaf.tails());
            }
            String log = karaf.logText();
            for (String bad : new String[] {"already loaded in another classloader", "UnsatisfiedLinkError",
                "libjsig.so is not preloaded"}) {
                assertFalse(log.contains(bad), "karaf.log contains '" + bad + "'" + karaf.tails());
            }
        }
    }

    /** The service id of the lamina:* commands, or null when they are not registered. */
    static String commandsServiceId(Karaf karaf) {
        Matcher m = Pattern.compile("service\\.id = (\\d+)").matcher(
                karaf.shell("service:list org.lamina.shell.osgi.ShellCommands", 60).output());
        return m.find() ? m.group(1) : null;
    }

    /** A finished run on the OpenCL device, with its checkpoint. */
    static void assertTrained(Karaf karaf, String out, String arch) {
        assertTrue(out.contains("Training " + arch + " on mnist") && out.contains("on opencl #")
                && out.contains("Test accuracy") && out.contains("Checkpoint ") && !out.contains("exit status"),
                "lamina:train printed:\n" + out + karaf.tails());
    }

    static void deleteEventFiles(Path run) throws IOException {
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    static List<Path> binaries(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".clbin")).sorted().toList();
        }
    }

    /** The test talks to Karaf's shell with OpenSSH's client (Debian's openssh-client, which .ci/run installs). */
    static void requireOpenSsh() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0 && new ProcessBuilder("ssh-keygen", "-?").start().waitFor() != 127;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but OpenSSH's client (ssh, ssh-keygen) is missing: apt-get install openssh-client");
            }
            Assumptions.abort("skipping the Karaf test: OpenSSH's client (ssh, ssh-keygen) is missing; "
                    + "apt-get install openssh-client");
        }
    }
}
