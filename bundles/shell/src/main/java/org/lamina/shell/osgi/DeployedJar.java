package org.lamina.shell.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Why a jar in the deploy directory cannot be a bundle. FileInstall skips such a jar, or fails to
 * install it, and says so only in its own log; the container reports it as a problem instead.
 */
public final class DeployedJar {
    private DeployedJar() {
    }

    /** What is wrong with {@code jar} as a bundle, or null when it looks like one. */
    public static String whyNotABundle(Path jar) {
        try {
            if (Files.size(jar) == 0) {
                return "an empty file, not a jar";
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(jar)) {
                head = in.readNBytes(4);
            }
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                return "not a jar (no zip header)";
            }
            Manifest m;
            try (JarFile j = new JarFile(jar.toFile())) {
                m = j.getManifest();
            } catch (ZipException | SecurityException e) {
                return "a damaged or truncated jar (" + e.getMessage() + ")";
            } catch (IllegalArgumentException e) {
                // the JDK's zip reader throws this for an entry name that is not valid UTF-8
                return "a damaged jar (an entry name that is not UTF-8: " + e.getMessage() + ")";
            }
            if (m == null) {
                return "a jar without META-INF/MANIFEST.MF, so not a bundle";
            }
            String bsn = m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || bsn.isBlank()) {
                return "no Bundle-SymbolicName in its manifest, so not a bundle";
            }
            String version = m.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            if (version != null) {
                try {
                    Version.parseVersion(version);
                } catch (IllegalArgumentException e) {
                    return "Bundle-Version '" + version + "' is not a version (major.minor.micro.qualifier)";
                }
            }
            return null;
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
