package org.lamina.karaf;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.OpenClTests;

/**
 * The kernels module's test jar is not a bundle: a container that met it beside the kernels bundle
 * must not take it for that bundle (it used to carry the same symbolic name and version).
 */
class TestJarTest {
    @Test
    void theKernelsTestJarHasNoBundleHeaders() throws Exception {
        Path jar = Path.of(OpenClTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the test classes come from " + jar
                + ", not from the packaged test jar (run 'mvn verify')");
        assertTrue(jar.getFileName().toString().endsWith("-tests.jar"), jar.toString());
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertNotNull(m, jar + " has a manifest");
            for (String header : new String[] {"Bundle-SymbolicName", "Bundle-Version", "Bundle-ManifestVersion",
                "Export-Package", "Bundle-Activator"}) {
                assertNull(m.getMainAttributes().getValue(header), jar + " has no " + header);
            }
        }
    }
}
