package org.lamina.karaf;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh Apache Karaf (a copy of the distribution the build unpacked) run as a child process, and its
 * shell over SSH. The copy is configured as a user would (docs/osgi.md): {@code bin/setenv} preloads
 * libjsig, and the Maven URL handler reads Lamina's artifacts from a repository folder. Beyond that,
 * only what a test needs: free ports, and a key for the OpenSSH client (Karaf's own client needs a
 * terminal).
 */
final class Karaf implements AutoCloseable {
    private final Path home;
    private final Path key;
    private final int sshPort;
    private Process process;

    private Karaf(Path home, Path key, int sshPort) {
        this.home = home;
        this.key = key;
        this.sshPort = sshPort;
    }

    /** Copies {@code dist} to {@code home} (replacing what is there) and configures it. */
    static Karaf prepare(Path dist, Path home, Path repository) throws IOException, InterruptedException {
        if (!Files.isExecutable(dist.resolve("bin/karaf"))) {
            throw new AssertionError("no Karaf distribution in " + dist + ": the build unpacks it there "
                    + "(process-test-resources of osgi/features)");
        }
        deleteTree(home);
        copyTree(dist, home);
        Path etc = home.resolve("etc");
        // Lamina's artifacts from the build's repository folder, after Karaf's own system folder.
        setProperty(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + repository.toUri() + "@id=lamina@snapshots");
        int ssh = freePort();
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(freePort()));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(freePort()));
        Path key = home.resolve("test-ssh-key");
        Result keygen = run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()), 60);
        if (keygen.status != 0) {
            throw new AssertionError("ssh-keygen failed: " + keygen.output);
        }
        String pub = Files.readString(Path.of(key + ".pub")).trim().split(" ")[1];
        // RSA: Karaf's SSH server has no Ed25519. The admin group is defined in keys.properties already.
        Files.writeString(etc.resolve("keys.properties"), "\nkaraf=" + pub + ",_g_:admingroup\n", StandardOpenOption.APPEND);
        // As docs/osgi.md tells users: the JVM's signal-chaining library, preloaded by bin/setenv.
        Files.writeString(home.resolve("bin/setenv"), "\nexport LD_PRELOAD=\"$JAVA_HOME/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}\"\n",
                StandardOpenOption.APPEND);
        return new Karaf(home, key, ssh);
    }

    Path home() {
        return home;
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** Starts {@code bin/karaf server} with {@code env} added, and waits until its shell answers. */
    void start(Map<String, String> env, long timeoutMs) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("LD_PRELOAD"); // bin/setenv must do it
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf exited with status " + process.exitValue() + " while starting" + tails());
            }
            Result r = shell("echo ready", 30);
            if (r.status == 0 && r.output.contains("ready")) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Karaf's shell did not answer within " + timeoutMs / 1000 + " s (last: "
                        + r.output.strip() + ")" + tails());
            }
            sleep(2000);
        }
    }

    record Result(int status, String output) {
    }

    /** Runs one shell command over SSH; the status is the command's (non-zero when Karaf reports an error). */
    Result shell(String command, long timeoutSeconds) {
        try {
            return run(List.of("ssh", "-q", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-i", key.toString(), "-p",
                    Integer.toString(sshPort), "karaf@127.0.0.1", command), timeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command}, failing with Karaf's log when it fails or prints {@code Error executing command}. */
    String execute(String command, long timeoutSeconds) {
        Result r = shell(command, timeoutSeconds);
        if (r.status != 0 || r.output.contains("Error executing command") || r.output.contains("Command not found")) {
            throw new AssertionError("'" + command + "' failed (status " + r.status + "):\n" + r.output + tails());
        }
        return r.output;
    }

    /** Waits until {@code condition} holds, else fails with {@code what} and Karaf's log. */
    void await(String what, BooleanSupplier condition, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for " + what + tails());
            }
            sleep(1000);
        }
    }

    String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(karaf.log unreadable: " + e + ")";
        }
    }

    /** The last lines of karaf.log and of the console, for failure messages. */
    String tails() {
        return "\n--- tail of " + log() + " ---\n" + tail(log(), 60) + "\n--- tail of console.log ---\n"
                + tail(home.resolve("console.log"), 20);
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Shuts Karaf down (its shell, then the process tree by id if it lingers). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            shell("system:shutdown -f", 20);
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // bin/karaf runs Java as its child: end the children first, then the script.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Result run(List<String> command, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("karaf-cmd", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                p.destroyForcibly();
                return new Result(124, Files.readString(out, StandardCharsets.ISO_8859_1) + "\n(timed out after "
                        + timeoutSeconds + " s: " + String.join(" ", command) + ")");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Replaces {@code key}'s entry (with its continuation lines) in a .cfg file, or appends it. */
    static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String line : Files.readAllLines(cfg)) {
            String t = line.strip();
            if (skipping) {
                skipping = t.endsWith("\\");
                continue;
            }
            if (!t.startsWith("#") && t.matches(Pattern.quote(key) + "\\s*[=:].*")) {
                skipping = t.endsWith("\\");
                continue;
            }
            out.add(line);
        }
        out.add(key + " = " + value);
        Files.write(cfg, out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
