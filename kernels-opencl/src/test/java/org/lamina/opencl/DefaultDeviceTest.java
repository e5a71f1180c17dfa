package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default device on this machine's real OpenCL platforms, in the three situations of issue 10:
 * Oclgrind installed beside pocl, pocl's {@code basic} and {@code pthread} devices together, and pocl
 * alone. Each runs in a JVM of its own, since the ICD loader reads its environment once.
 */
class DefaultDeviceTest {
    static final Path POCL_ICD = Path.of("/etc/OpenCL/vendors/pocl.icd");

    @Test
    void poclAloneIsTheDefault() throws Exception {
        Map<String, String> out = run(Map.of("POCL_DEVICES", "pthread"));
        assertTrue(out.get("default").startsWith("pthread"), out.toString());
    }

    @Test
    void withBasicAndPthreadThePthreadDeviceIsTheDefault() throws Exception {
        Map<String, String> out = run(Map.of("POCL_DEVICES", "basic pthread"));
        assertEquals("2", out.get("devices"), out.toString());
        assertTrue(out.get("default").startsWith("pthread"), "basic is listed first but has one core: " + out);
    }

    @Test
    void withOclgrindInstalledPoclIsStillTheDefault(@TempDir Path vendors) throws Exception {
        Oclgrind.requireInstalled();
        // Oclgrind's ICD first, so that it is device 0 and a GPU by type.
        Files.writeString(vendors.resolve("0-oclgrind.icd"), Oclgrind.LIBRARY + "\n");
        Files.copy(POCL_ICD, vendors.resolve("1-pocl.icd"));
        Map<String, String> out = run(Map.of("OCL_ICD_VENDORS", vendors.toString(), "POCL_DEVICES", "pthread"));
        assertEquals("2", out.get("devices"), out.toString());
        assertTrue(out.get("default").startsWith("pthread"), out.toString());
        assertEquals("-", out.get("gpu"), "'gpu' does not pick the simulator: " + out);
    }

    @Test
    void anOclIcdVendorsPointingNowhereIsNamedInTheProblem(@TempDir Path dir) throws Exception {
        Path nowhere = dir.resolve("no-such-folder");
        Map<String, String> out = run(Map.of("OCL_ICD_VENDORS", nowhere.toString()));
        assertEquals("none", out.get("default"), out.toString());
        assertEquals("no OpenCL platform found: OCL_ICD_VENDORS=" + nowhere + " (which does not exist) is where the "
                + "OpenCL loader looks instead of /etc/OpenCL/vendors; fix or unset it", out.get("problem"));
        Map<String, String> empty = run(Map.of("OCL_ICD_VENDORS", dir.toString()));
        assertTrue(empty.get("problem").contains("OCL_ICD_VENDORS=" + dir + " (a folder with no .icd file)"),
                empty.toString());
    }

    private static Map<String, String> run(Map<String, String> env) throws IOException, InterruptedException {
        OpenClTests.device(); // skips, or fails in CI, without OpenCL
        if (!Files.isRegularFile(POCL_ICD)) {
            String why = "pocl is not installed as " + POCL_ICD + " (apt-get install pocl-opencl-icd)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + why);
            }
            Assumptions.abort(why);
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DefaultDeviceMain.class.getName());
        pb.environment().remove(Devices.ENVIRONMENT_VARIABLE);
        pb.environment().remove(DeviceProfile.ENVIRONMENT_VARIABLE);
        pb.environment().remove("OCL_ICD_VENDORS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        Map<String, String> out = new HashMap<>();
        for (String line : List.of(text.split("\n"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        assertTrue(out.containsKey("default"), text);
        return out;
    }
}
