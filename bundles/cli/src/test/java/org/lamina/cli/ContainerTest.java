package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;
import org.osgi.framework.Bundle;

/**
 * A real Felix container started from the built bundles: plugins found as services, training with a
 * plugin's optimizer and loss, hot deployment and removal through the deploy directory, broken
 * bundles reported without harm, a plugin removed during training, OpenCL released when a bundle stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerTest {
    @TempDir
    static Path dir;
    static Path deploy;
    static Path data;
    static Container container;

    @BeforeAll
    static void start() throws Exception {
        OpenClTests.device();
        data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 512, 128, 3);
        deploy = dir.resolve("deploy"); // created and filled with the built-in plugins by the container
        container = Container.start(new Container.Layout(Container.defaultLib(), deploy, dir.resolve("felix")), false);
    }

    @AfterAll
    static void stop() throws IOException {
        if (container != null) {
            container.close();
        }
    }

    static String train(String... extra) {
        return train(dir.resolve("run"), 32, extra);
    }

    static String train(Path out, int batch, String... extra) {
        return container.execute("lamina:train --dataset mnist --data " + data + " --batch-size " + batch
                + " --no-progress --device " + OpenClTests.device().index() + " --out " + out + " "
                + String.join(" ", extra));
    }

    static Path jar(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(deploy)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    @Test
    @Order(1)
    void pluginsAreServicesOfActiveBundles() {
        String out = container.execute("lamina:plugins");
        assertTrue(out.matches("(?s).*architecture +lenet5 +lamina-plugin-architectures 0\\.1\\.0\\S* +active.*"), out);
        assertTrue(out.matches("(?s).*loss +cross-entropy +lamina-plugin-losses \\S+ +active.*"), out);
        assertTrue(out.matches("(?s).*optimizer +sgd +lamina-plugin-optimizers \\S+ +active.*"), out);
        for (String arch : new String[] {"alexnet", "vgg16", "resnet18"}) {
            assertTrue(out.matches("(?s).*architecture +" + arch + " +lamina-plugin-architectures \\S+ +active.*"), out);
        }
        for (String loss : new String[] {"hinge", "mse"}) {
            assertTrue(out.matches("(?s).*loss +" + loss + " +lamina-plugin-losses \\S+ +active.*"), out);
        }
        for (String optimizer : new String[] {"adagrad", "rmsprop", "adam", "adamw"}) {
            assertTrue(out.matches("(?s).*optimizer +" + optimizer + " +lamina-plugin-optimizers \\S+ +active.*"), out);
        }
        assertFalse(out.contains("problem:"), out);
        for (String b : new String[] {"lamina-kernels-opencl", "lamina-engine", "lamina-shell", "lamina-tensorboard",
            "com.google.protobuf", "org.apache.felix.scr",
            "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime"}) {
            assertEquals(Bundle.ACTIVE, container.bundle(b).getState(), b);
        }
        assertNull(container.bundle("org.jocl"), "JOCL is a system package, not a bundle");
        assertTrue(container.execute("lamina:devices").contains(OpenClTests.device().name()));
        // The visualization commands resolve in the container too (org.lamina.gradcheck, .style, .visual exported).
        assertTrue(container.execute("lamina:gradcheck --op gram_matrix").contains("PASSED"));
        assertTrue(container.execute("lamina:explain --help").contains("Usage: lamina explain"));
    }

    @Test
    @Order(2)
    void benchRunsTheCatalogWithTheContainersPlugins() throws IOException {
        Path out = dir.resolve("bench");
        String text = container.execute("lamina:bench --quick --device " + OpenClTests.device().index()
                + " --only dense_400to120,train_lenet5_fmnist --out " + out);
        assertTrue(text.contains("dense_400to120") && text.contains("train_lenet5_fmnist"), text);
        assertEquals(5, Files.readAllLines(out.resolve("bench.csv")).size(), "a header and two rows per workload");
        assertTrue(Files.size(out.resolve("bench.png")) > 1000);
    }

    @Test
    @Order(2)
    void trainsWithThePluginsOptimizerAndLoss() throws IOException {
        Path events = dir.resolve("tensorboard");
        String out = train("--epochs", "1", "--limit", "256", "--tensorboard", events.toString());
        assertTrue(out.contains("Training lenet5 on mnist") && out.contains("Test accuracy"), out);
        assertTrue(Files.exists(dir.resolve("run").resolve("checkpoint.safetensors")));
        // the TensorBoard events, through the container's lamina-tensorboard and protobuf bundles
        assertTrue(out.contains("TensorBoard events in " + events), out);
        assertEquals(1, TensorBoardCommandLineTest.eventFiles(events).size());
    }

    @Test
    @Order(3)
    void inspectAndDreamRunInTheGogoShell() throws IOException {
        Path ckpt = dir.resolve("run").resolve("checkpoint.safetensors");
        Path filters = dir.resolve("filters.png"), dream = dir.resolve("dream.png");
        String out = container.execute("lamina:inspect filters --device java --checkpoint " + ckpt + " --out " + filters);
        assertTrue(out.contains("conv1: 6 filters of 1 x 5 x 5") && Files.size(filters) > 100, out);
        out = container.execute("lamina:dream --device java --layer conv2 --octaves 1 --steps 2 --checkpoint " + ckpt
                + " --out " + dream);
        assertTrue(out.contains("octave 1/1 (28x28) step 2/2: objective") && Files.size(dream) > 100, out);
    }

    @Test
    @Order(3)
    void removingAndAddingAPluginJarUndeploysAndDeploysIt() throws Exception {
        Path losses = jar("lamina-plugin-losses");
        Path aside = dir.resolve(losses.getFileName());
        Files.move(losses, aside);
        assertTrue(container.awaitDeployed(20_000));
        String out = container.execute("lamina:plugins");
        assertFalse(out.contains("cross-entropy"), out);
        assertTrue(train("--epochs", "1", "--limit", "64").contains("unknown loss 'cross-entropy'; none is installed"));
        Files.move(aside, losses);
        assertTrue(container.awaitDeployed(20_000));
        assertTrue(awaitOutput("lamina:plugins", "cross-entropy"), "redeployed");
    }

    @Test
    @Order(4)
    void brokenBundlesAreReportedAndDoNoHarm() throws Exception {
        Path missing = deploy.resolve("broken-import.jar");
        Manifest m = manifest("lamina-plugin-broken-import");
        m.getMainAttributes().putValue("Import-Package", "org.example.does.not.exist");
        write(missing, m);
        Path exploding = deploy.resolve("exploding.jar");
        Manifest e = manifest("lamina-plugin-exploding");
        e.getMainAttributes().putValue("Import-Package", "org.lamina.spi;version=\"[1,2)\","
                + "org.lamina.tensor;version=\"[1,2)\"");
        e.getMainAttributes().putValue("Service-Component", "OSGI-INF/exploding.xml");
        write(exploding, e, "org/lamina/cli/testplugins/ExplodingLoss.class", "OSGI-INF/exploding.xml");
        assertTrue(container.awaitDeployed(20_000));
        // SCR activates the exploding component on its own thread after the bundle starts: wait for it
        // (on a loaded machine it may not have tried yet when the bundles are settled).
        awaitOutput("lamina:plugins", "out of coffee");
        String out = container.execute("lamina:plugins");
        assertTrue(out.contains("problem: bundle lamina-plugin-broken-import") && out.contains("org.example.does.not.exist"),
                out);
        assertTrue(out.contains("problem: bundle lamina-plugin-exploding") && out.contains("out of coffee"), out);
        assertTrue(out.contains("lenet5") && out.contains("sgd"), "the rest still works: " + out);
        Files.delete(missing);
        Files.delete(exploding);
        assertTrue(container.awaitDeployed(20_000));
        assertFalse(container.execute("lamina:plugins").contains("problem:"));
    }

    @Test
    @Order(4)
    void jarsThatCannotBeBundlesAndFailingActivatorsAreProblems() throws Exception {
        Path notAJar = deploy.resolve("not-a-jar.jar");
        raw(notAJar, "just some text\n".getBytes(StandardCharsets.UTF_8));
        Path corrupt = deploy.resolve("corrupt.jar");
        raw(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        Path noManifest = deploy.resolve("no-manifest.jar");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write('x');
            out.closeEntry();
        }
        raw(noManifest, bytes.toByteArray());
        Path truncated = deploy.resolve("truncated.jar");
        byte[] whole = Files.readAllBytes(jar("lamina-plugin-losses"));
        raw(truncated, Arrays.copyOf(whole, whole.length / 2));
        Path badVersion = deploy.resolve("bad-version.jar");
        Manifest v = manifest("lamina-plugin-bad-version");
        v.getMainAttributes().putValue("Bundle-Version", "1.x.0");
        write(badVersion, v);
        Path noName = deploy.resolve("no-name.jar");
        Manifest n = manifest("unused");
        n.getMainAttributes().remove(new Attributes.Name("Bundle-SymbolicName"));
        write(noName, n);
        Path throwing = deploy.resolve("throwing-activator.jar");
        Manifest t = manifest("lamina-plugin-throwing-activator");
        t.getMainAttributes().putValue("Bundle-Activator", "org.lamina.cli.testplugins.ThrowingActivator");
        t.getMainAttributes().putValue("Import-Package", "org.osgi.framework");
        write(throwing, t, "org/lamina/cli/testplugins/ThrowingActivator.class");
        assertTrue(container.awaitDeployed(20_000), container.bundleStates());
        String out = container.execute("lamina:plugins");
        List<String> problems = out.lines().filter(l -> l.startsWith("problem:")).toList();
        assertEquals(7, problems.size(), out);
        assertTrue(problems.contains("problem: file " + noName + " is not installed: no Bundle-SymbolicName in its "
                + "manifest, so not a bundle"), out);
        assertTrue(problems.contains("problem: file " + notAJar + " is not installed: not a jar (no zip header)"), out);
        assertTrue(problems.contains("problem: file " + noManifest + " is not installed: a jar without "
                + "META-INF/MANIFEST.MF, so not a bundle"), out);
        assertTrue(problems.contains("problem: file " + badVersion + " is not installed: Bundle-Version '1.x.0' "
                + "is not a version (major.minor.micro.qualifier)"), out);
        for (Path damaged : List.of(corrupt, truncated)) {
            assertTrue(problems.stream().anyMatch(l -> l.startsWith("problem: file " + damaged
                    + " is not installed: a damaged or truncated jar (")), out);
        }
        assertTrue(problems.stream().anyMatch(l -> l.startsWith("problem: bundle lamina-plugin-throwing-activator 1.0.0 ")
                && l.endsWith("cannot start: its activator failed: java.lang.IllegalStateException: "
                        + "the activator ran out of fuel")), out);
        assertTrue(out.contains("lenet5") && out.contains("sgd"), "the rest still works: " + out);
        for (Path p : List.of(notAJar, corrupt, noManifest, truncated, badVersion, noName, throwing)) {
            Files.delete(p);
        }
        assertTrue(container.awaitDeployed(20_000));
        assertFalse(container.execute("lamina:plugins").contains("problem:"));
    }

    @Test
    @Order(4)
    void aDeployOptionThatIsNotAFolderIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("deploy-file"), "not a folder");
        CommandLineTest.Run r = CommandLineTest.run("plugins", "--deploy", file.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("lamina: --deploy '" + file + "' is not a folder", r.err().strip());
        r = CommandLineTest.run("plugins", "--deploy", file.resolve("sub").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("lamina: --deploy '" + file.resolve("sub") + "' cannot be created: " + file + " is not a folder",
                r.err().strip());
    }

    /** Writes {@code bytes} beside {@code jar} and renames it, so that FileInstall sees it whole. */
    static void raw(Path jar, byte[] bytes) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, jar);
    }

    @Test
    @Order(5)
    void aPluginRemovedDuringTrainingStopsTheRunAfterItsStep() throws Exception {
        CompletableFuture<String> run = CompletableFuture.supplyAsync(
                () -> train(dir.resolve("long"), 4, "--epochs", "50"));
        Thread.sleep(1500); // let it train a while
        Path optimizers = jar("lamina-plugin-optimizers");
        Path aside = dir.resolve(optimizers.getFileName());
        Files.move(optimizers, aside);
        String out = run.get(120, TimeUnit.SECONDS);
        // The optimizer's bundle also provides the schedule; whichever goes first stops the run.
        assertTrue(out.matches("(?s).*(optimizer 'sgd'|schedule 'constant') was removed \\(its plugin went away\\); "
                + "training stopped after step \\d+ \\(epoch \\d+\\).*"), out);
        assertTrue(out.contains("exit status 1"), out);
        Files.move(aside, optimizers);
        assertTrue(container.awaitDeployed(20_000));
        assertTrue(awaitOutput("lamina:plugins", "sgd"));
    }

    @Test
    @Order(6)
    void stoppingTheShellBundleReleasesItsOpenClResources() throws Exception {
        Bundle kernels = container.bundle("lamina-kernels-opencl");
        Class<?> contexts = kernels.loadClass("org.lamina.opencl.ClContext");
        CompletableFuture<String> run = CompletableFuture.supplyAsync(
                () -> train(dir.resolve("stopped"), 4, "--epochs", "50"));
        boolean opened = await(() -> openContexts(contexts) > 0 || run.isDone(), 30_000) && !run.isDone();
        assertTrue(opened, "training opened a context: " + (run.isDone() ? run.join() : "still running"));
        Bundle shell = container.bundle("lamina-shell");
        shell.stop();
        String out = run.get(60, TimeUnit.SECONDS);
        assertTrue(out.contains("the Lamina shell bundle is stopping"), out);
        assertEquals(0, openContexts(contexts), "every OpenCL context the shell opened is closed");
        shell.start();
        assertTrue(container.awaitService("org.lamina.shell.osgi.ShellCommands", 10_000));
        assertTrue(container.execute("lamina:plugins").contains("lenet5"));
    }

    @Test
    @Order(7)
    void theKernelsBundleSurvivesAReinstallBecauseJoclIsASystemPackage() throws Exception {
        Bundle kernels = container.bundle("lamina-kernels-opencl");
        kernels.update(); // a new class loader for the kernels; JOCL's native library stays loaded once
        var wiring = container.framework().adapt(org.osgi.framework.wiring.FrameworkWiring.class);
        CompletableFuture<Void> refreshed = new CompletableFuture<>();
        wiring.refreshBundles(List.of(kernels), e -> refreshed.complete(null));
        refreshed.get(60, TimeUnit.SECONDS);
        assertTrue(container.awaitService("org.lamina.shell.osgi.ShellCommands", 20_000));
        assertTrue(await(() -> container.execute("lamina:devices").contains(OpenClTests.device().name()), 20_000));
        assertTrue(train("--epochs", "1", "--limit", "64").contains("Test accuracy"));
    }

    static int openContexts(Class<?> contextClass) {
        try {
            return ((List<?>) contextClass.getMethod("openContexts").invoke(null)).size();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean awaitOutput(String command, String text) {
        return await(() -> container.execute(command).contains(text), 20_000);
    }

    static boolean await(BooleanSupplier condition, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Container.sleep(100);
        }
        return false;
    }

    static Manifest manifest(String bsn) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        return m;
    }

    static void write(Path jar, Manifest m, String... resources) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part"); // FileInstall ignores it until renamed
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), m)) {
            for (String r : resources) {
                out.putNextEntry(new JarEntry(r));
                if (r.endsWith(".xml")) {
                    out.write(("<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"exploding\" "
                            + "immediate=\"true\"><implementation class=\"org.lamina.cli.testplugins.ExplodingLoss\"/>"
                            + "<service><provide interface=\"org.lamina.spi.Loss\"/></service></scr:component>")
                            .getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream in = ContainerTest.class.getClassLoader().getResourceAsStream(r)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Files.move(tmp, jar);
    }
}
