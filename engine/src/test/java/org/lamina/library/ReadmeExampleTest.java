package org.lamina.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.DeviceChoice;
import org.lamina.opencl.Devices;

/**
 * The Java example of README.md, exactly as printed: it compiles against the engine's classpath and
 * runs in a JVM of its own, on the device a user without a GPU gets by default.
 */
class ReadmeExampleTest {

    @Test
    void theReadmesJavaExampleCompilesAndRunsOnTheBestDevice(@TempDir Path dir) throws Exception {
        String source = javaBlock(Files.readString(readme(), StandardCharsets.UTF_8));
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the README's Java example declares a public class");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        String classpath = classpath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(problems, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, problems,
                    List.of("-classpath", classpath, "-d", dir.toString(), "-Xlint:all"), null,
                    files.getJavaFileObjects(file)).call();
            assertTrue(compiled && problems.getDiagnostics().isEmpty(),
                    "the README's Java example does not compile cleanly: " + problems.getDiagnostics());
        }

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath + File.pathSeparator + dir, name.group(1)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove(Devices.ENVIRONMENT_VARIABLE);   // the default, as a new user gets it
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.waitFor(2, TimeUnit.MINUTES);
        }
        assertEquals(0, p.exitValue(), "the README's Java example failed:\n" + out);
        assertTrue(out.contains("parameters: 61,706"), "the example prints LeNet-5's summary:\n" + out);

        Matcher scores = Pattern.compile("(?m)^(.+): \\[([-0-9.eE, ]+)\\]$").matcher(out);
        assertTrue(scores.find(), "the example prints the device and ten class scores:\n" + out);
        String[] values = scores.group(2).split(", ");
        assertEquals(10, values.length, out);
        double sum = 0;
        for (String v : values) {
            sum += Double.parseDouble(v);
        }
        assertEquals(1.0, sum, 1e-4, "softmax scores sum to 1: " + out);

        DeviceChoice best = Devices.choice();
        String device = scores.group(1);
        if (best.device().isPresent()) {
            assertTrue(device.startsWith("opencl") && device.contains(best.device().get().name()),
                    "Backends.open() runs on the default device " + best.device().get() + ", not " + device);
        } else {
            assertTrue(device.startsWith("host (Java"), "without an OpenCL device the Java backend serves: " + device);
        }
    }

    /** The one fenced Java block of the README. */
    static String javaBlock(String readme) {
        Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```$").matcher(readme);
        assertTrue(m.find(), "README.md has a ```java block");
        String block = m.group(1);
        assertTrue(!m.find(), "README.md has one ```java block, the one this test runs");
        return block;
    }

    private static Path readme() throws IOException {
        return BomTest.root().resolve("README.md");
    }

    /**
     * The test's own classpath: the engine and everything it depends on. Surefire may hand the JVM
     * a single jar whose manifest lists the rest; it names the full list in surefire.test.class.path.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
