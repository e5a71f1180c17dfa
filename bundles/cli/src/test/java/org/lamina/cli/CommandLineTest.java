package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;
import org.lamina.shell.Shell;

/** The {@code lamina} commands as a user runs them. */
class CommandLineTest {
    static final Path GOLDEN = Path.of("..", "..", "engine", "src", "test", "resources", "golden");

    record Run(int status, String out, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        // Every command the shell has, so a new one cannot be left out; picocli reads each description as a
        // format string, and a bare '%' in one turns into a warning in front of the help (as "10%)" did).
        for (String command : Shell.onClassPath().commandLine().getSubcommands().keySet()) {
            Run r = run(command, "--help");
            assertEquals(0, r.status(), command + ": " + r.err());
            assertTrue(r.out().contains("Usage: lamina " + command), command + ": " + r.out());
            assertFalse(r.err().contains("WARN"), command + ": " + r.err());
            assertFalse(r.out().contains("WARN"), command + ": " + r.out());
        }
    }

    @Test
    void devicesPrintsTheTable() {
        var device = OpenClTests.device();
        Run r = run("devices");
        assertEquals(0, r.status());
        assertTrue(r.out().contains(device.name()), r.out());
        assertTrue(r.out().contains("java"), r.out());
    }

    @Test
    void verifyRunsEveryCaseAndSaysHowItWent() {
        OpenClTests.device();
        Run r = run("verify", "--golden", GOLDEN.toString(), "--device", "0");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("conv2d_depthwise_multiplier2"), r.out());
        assertTrue(r.out().matches("(?s).*conv_transpose2d_k4_s2_p1 +conv_transpose2d +\\d\\.\\d+e-\\d+ +\\d\\.\\d+e-\\d+ +PASS.*"),
                r.out());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("\\d+ passed, 0 failed, \\d+ skipped"), last);
        assertEquals(72, Integer.parseInt(last.split(" ")[0]) + Integer.parseInt(last.split(" ")[4]));
    }

    @Test
    void aWrongReferenceMakesVerifyFail(@TempDir Path dir) throws IOException {
        Path src = GOLDEN.resolve("conv2d_groups2");
        Path dst = dir.resolve("conv2d_groups2");
        Files.createDirectories(dst);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        byte[] out = Files.readAllBytes(dst.resolve("output.f32"));
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(12, b.getFloat(12) + 1f);
        Files.write(dst.resolve("output.f32"), out);
        Run r = run("verify", "--golden", dir.toString(), "--device", "java");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("FAIL  output: 1 of"), r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 1 failed, 0 skipped"), r.out());
    }

    /** Issue 15: a case of an op Lamina lacks is reported on its line and counted apart, not as a failure. */
    @Test
    void casesOfUnknownOpsAreNotSupportedNotFailed(@TempDir Path dir) throws IOException {
        Path dst = Files.createDirectories(dir.resolve("conv4d_case"));
        try (var files = Files.list(GOLDEN.resolve("conv2d_groups2"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        Path json = dst.resolve("case.json");
        Files.writeString(json, Files.readString(json).replace("\"op\": \"conv2d\"", "\"op\": \"conv4d\""));
        Run r = run("verify", "--golden", dir.toString(), "--device", "java");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("SKIP  op conv4d is not implemented"), r.out());
        assertTrue(r.out().contains("not supported (skipped, not failed): 1 cases of ops Lamina does not implement [conv4d]"),
                r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 0 failed, 1 skipped"), r.out());
    }

    /** Issue 16 item 8: a truncated and a missing reference file are each a failed case naming the file; verify goes on. */
    @Test
    void truncatedAndMissingReferenceFilesFailTheirCases(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"conv2d_groups2", "conv2d_5x5_valid"}) {
            Path dst = Files.createDirectories(dir.resolve(name));
            try (var files = Files.list(GOLDEN.resolve(name))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dst.resolve(f.getFileName()));
                }
            }
        }
        Path cut = dir.resolve("conv2d_groups2").resolve("output.f32");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));
        Path gone = dir.resolve("conv2d_5x5_valid").resolve("output.f32");
        Files.delete(gone);
        Run r = run("verify", "--golden", dir.toString(), "--device", "java");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(cut + " holds 10 bytes"), r.out());
        assertTrue(r.out().contains(gone + " is missing"), r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 2 failed, 0 skipped"), r.out());
    }

    @Test
    void badArgumentsAreOneClearLine() {
        Run r = run("verify", "--golden", "/no/such/dir", "--device", "java");
        assertEquals(2, r.status());
        assertEquals("lamina: golden set /no/such/dir is not a directory", r.err().strip());
        Run d = run("verify", "--golden", GOLDEN.toString(), "--device", "no-such-device");
        assertEquals(2, d.status());
        assertTrue(d.err().startsWith("lamina: device: no device matches 'no-such-device'"), d.err());
    }

    @Test
    void withoutOpenClTheJavaBackendServesWithAWarning(@TempDir Path noVendors) throws Exception {
        // ocl-icd reads its drivers from OCL_ICD_VENDORS; an empty folder means no OpenCL platform.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "verify", "--golden",
                GOLDEN.resolve("conv2d_dilation2").getParent().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("OCL_ICD_VENDORS", noVendors.toString());
        pb.environment().remove("LAMINA_DEVICE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + err);
        assertTrue(err.strip().startsWith("warning: no OpenCL device"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(out.contains("on host (Java"), out);
        assertTrue(out.contains("0 failed"), out);
    }
}
