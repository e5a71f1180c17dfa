package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.lamina.registry.PluginKind;
import org.lamina.registry.Registry;

/**
 * Plugins use the SPI and the public API its signatures name, never the engine's implementation
 * packages: every Lamina package a plugin's classes refer to must be on the allowed list. The onnx
 * module's architecture (imported checkpoints) is part of Lamina, not a plugin: it may use the engine.
 */
class PluginDependencyTest {
    static final Set<String> ALLOWED = Set.of("org/lamina/spi", "org/lamina/graph", "org/lamina/tensor",
            "org/lamina/backend", "org/lamina/ops", "org/lamina/optim", "org/lamina/geometry", "org/lamina/layers",
            "org/lamina/opencl", "org/lamina/device");
    static final Pattern REF = Pattern.compile("org/lamina/[a-z/]+(?=/[A-Z])");

    @Test
    void pluginsReferOnlyToTheApi() throws IOException, URISyntaxException {
        Registry r = Registry.fromClassPath();
        Set<Path> jars = new TreeSet<>();
        for (PluginKind kind : PluginKind.values()) {
            for (Registry.Entry<?> e : r.list(kind.type())) {
                if (e.service().getClass().getName().startsWith("org.lamina.onnx.")) {
                    continue;
                }
                jars.add(Path.of(e.service().getClass().getProtectionDomain().getCodeSource().getLocation().toURI()));
            }
        }
        assertTrue(jars.size() >= 3, "plugin locations: " + jars);
        for (Path jar : jars) {
            Set<String> used = new TreeSet<>();
            for (byte[] cls : classes(jar)) {
                Matcher m = REF.matcher(new String(cls, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    used.add(m.group());
                }
            }
            for (String pkg : used) {
                boolean own = pkg.startsWith("org/lamina/plugins");
                assertTrue(own || ALLOWED.contains(pkg), jar.getFileName() + " uses " + pkg.replace('/', '.')
                        + ", which is not part of the API plugins may use");
            }
        }
    }

    private static List<byte[]> classes(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            try (Stream<Path> s = Files.walk(location)) {
                return s.filter(p -> p.toString().endsWith(".class")).map(p -> {
                    try {
                        return Files.readAllBytes(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        }
        try (ZipFile z = new ZipFile(location.toFile())) {
            List<byte[]> out = new ArrayList<>();
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                var e = entries.nextElement();
                if (e.getName().endsWith(".class")) {
                    out.add(z.getInputStream(e).readAllBytes());
                }
            }
            return out;
        }
    }
}
