package org.lamina.shell.osgi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.lamina.fuzz.UserErrors;

/**
 * Fuzzes the container's check of a jar in the deploy folder (zip header, central directory,
 * manifest, Bundle-SymbolicName, Bundle-Version): it answers null (a bundle) or a reason, and throws
 * nothing, whatever the file holds.
 */
class DeployedJarFuzzTest {
    private static final Path DIR = UserErrors.scratch("deploy");

    @FuzzTest
    void whyNotABundle(byte[] bytes) throws Exception {
        Path jar = UserErrors.write(DIR.resolve("plugin.jar"), bytes);
        String why = DeployedJar.whyNotABundle(jar);
        if (why != null && why.isBlank()) {
            throw new AssertionError("a blank reason for " + jar);
        }
    }
}
