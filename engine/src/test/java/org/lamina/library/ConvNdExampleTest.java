package org.lamina.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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

/**
 * The two Java examples of docs/conv-nd.md (a conv1d sentence classifier, a conv3d clip classifier),
 * exactly as printed: each compiles against the engine's classpath and runs a training step's forward
 * and backward pass in a JVM of its own, on the default device.
 */
class ConvNdExampleTest {

    @Test
    void theConvNdExamplesCompileAndRun(@TempDir Path dir) throws Exception {
        String doc = Files.readString(BomTest.root().resolve("docs/conv-nd.md"), StandardCharsets.UTF_8);
        Matcher blocks = Pattern.compile("(?ms)^```java\\n(.*?)^```$").matcher(doc);
        List<String> sources = new ArrayList<>();
        while (blocks.find()) {
            sources.add(blocks.group(1));
        }
        assertEquals(2, sources.size(), "docs/conv-nd.md has two Java examples");
        String out1 = compileAndRun(dir, sources.get(0));
        assertTrue(out1.contains("logits [2, 4], conv.weight gradient [64, 32, 3]"), out1);
        String out2 = compileAndRun(dir, sources.get(1));
        assertTrue(out2.contains("logits [1, 10], conv1.weight gradient [16, 3, 3, 3, 3]"), out2);
    }

    private static String compileAndRun(Path dir, String source) throws Exception {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example declares a public class");
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
                    name.group(1) + " does not compile cleanly: " + problems.getDiagnostics());
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath + File.pathSeparator + dir, name.group(1)).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.waitFor(2, TimeUnit.MINUTES);
        }
        assertEquals(0, p.exitValue(), name.group(1) + " failed:\n" + out);
        return out;
    }

    /** The test's own classpath (Surefire may hand the JVM one jar whose manifest lists the rest). */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
