package org.lamina.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The machine and software a benchmark ran with, recorded on every row of {@code bench.csv} so that
 * the CSVs of several machines can be joined and each column traced to where it came from.
 *
 * @param host the host name
 * @param os the operating system: distribution (from {@code /etc/os-release}), kernel, architecture
 * @param cpu the CPU model ({@code /proc/cpuinfo}), or the architecture where that is not readable
 * @param java the Java runtime's vendor and version
 * @param lamina Lamina's version, with the Git commit when the launcher passed it ({@code LAMINA_COMMIT})
 * @param date when the run started, UTC, ISO-8601 to the second
 */
public record HostInfo(String host, String os, String cpu, String java, String lamina, String date) {
    /** Lamina's version; the commit comes from the environment, as the jar does not know it. */
    public static final String VERSION = "0.1.0";

    /** This machine, now. */
    public static HostInfo current() {
        String commit = Optional.ofNullable(System.getenv("LAMINA_COMMIT")).map(String::strip).orElse("");
        return new HostInfo(hostName(), osName(), cpuModel(),
                System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version", "?"),
                commit.isEmpty() ? VERSION : VERSION + "+" + commit,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Optional<String> etc = firstLine(Path.of("/etc/hostname"));
        if (etc.isPresent() && !etc.get().isBlank()) {
            return etc.get().strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osName() {
        String kernel = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?");
        return field(Path.of("/etc/os-release"), "PRETTY_NAME=").map(d -> d.replace("\"", "") + ", " + kernel)
                .orElse(kernel);
    }

    private static String cpuModel() {
        return field(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).strip())
                .or(() -> field(Path.of("/proc/cpuinfo"), "Model").map(l -> l.substring(l.indexOf(':') + 1).strip()))
                .map(m -> m + " x" + Runtime.getRuntime().availableProcessors())
                .orElse(System.getProperty("os.arch", "?") + " x" + Runtime.getRuntime().availableProcessors());
    }

    /** The rest of the first line of {@code file} that starts with {@code prefix}. */
    private static Optional<String> field(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(prefix))
                    .map(l -> prefix.endsWith("=") ? l.substring(prefix.length()) : l).findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstLine(Path file) {
        return field(file, "");
    }
}
