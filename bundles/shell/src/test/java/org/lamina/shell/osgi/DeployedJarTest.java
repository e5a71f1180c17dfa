package org.lamina.shell.osgi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's check of a deployed jar answers with a reason, never an exception. */
class DeployedJarTest {
    @TempDir
    Path dir;

    @Test
    void aJarWhoseEntryNameIsNotUtf8IsADamagedJar() throws Exception {
        // found by DeployedJarFuzzTest's long run: the JDK's zip reader threw IllegalArgumentException
        Path jar = dir.resolve("plugin.jar");
        try (InputStream in = getClass().getResourceAsStream("DeployedJarFuzzTestInputs/whyNotABundle/found-entry-name-not-utf8")) {
            Files.write(jar, in.readAllBytes());
        }
        String why = DeployedJar.whyNotABundle(jar);
        assertTrue(why != null && why.startsWith("a damaged jar (an entry name that is not UTF-8"), String.valueOf(why));
    }
}
