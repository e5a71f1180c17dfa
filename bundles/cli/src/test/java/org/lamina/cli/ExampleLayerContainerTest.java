package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The example custom layer plugin (docs/plugins.md) the way a user meets it: dropped into the deploy
 * directory of a running container it provides the {@code swish} layer type and {@code lenet5-swish},
 * which trains with its own OpenCL kernel and with Aparapi (a system package, like JOCL); removed, it
 * is gone, and the OpenCL programs it built in a context that stays open are released.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleLayerContainerTest {
    static final String BUNDLE = "lamina-plugin-example-layer";
    @TempDir
    static Path dir;
    static Path deploy;
    static Path data;
    static Path jar;
    static Container container;

    @BeforeAll
    static void start() throws Exception {
        OpenClTests.device();
        data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 256, 64, 5);
        // A deploy directory with the other plugins only: the example is dropped in by the tests.
        deploy = Files.createDirectories(dir.resolve("deploy"));
        try (Stream<Path> s = Files.list(Container.defaultLib())) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(BUNDLE)) {
                    jar = p;
                } else if (name.startsWith("lamina-plugin-")) {
                    Files.copy(p, deploy.resolve(name));
                }
            }
        }
        assertNotNull(jar, "the example-layer bundle is in " + Container.defaultLib());
        container = Container.start(new Container.Layout(Container.defaultLib(), deploy, dir.resolve("felix")), false);
    }

    @AfterAll
    static void stop() throws IOException {
        if (container != null) {
            container.close();
        }
    }

    static String train(String... args) {
        String out = container.execute("lamina:train --dataset mnist --data " + data + " --no-progress --device "
                + OpenClTests.device().index() + " --out " + dir.resolve("run") + " " + String.join(" ", args));
        System.out.println(out);
        return out;
    }

    @Test
    @Order(1)
    void droppedIntoDeployItProvidesTheLayerTypeAndTheArchitecture() throws Exception {
        assertFalse(container.execute("lamina:plugins").contains("swish"));
        deployJar();
        String out = container.execute("lamina:plugins");
        assertTrue(out.matches("(?s).*layer type +swish +" + BUNDLE + " 0\\.1\\.0\\S* +active.*"), out);
        assertTrue(out.matches("(?s).*architecture +lenet5-swish +" + BUNDLE + " 0\\.1\\.0\\S* +active.*"), out);
        assertFalse(out.contains("problem:"), out);
        // Aparapi reaches the plugin from the system bundle (the class path), never from a copy of its own.
        int aparapi = 0;
        for (BundleWire wire : container.bundle(BUNDLE).adapt(BundleWiring.class)
                .getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (pkg.startsWith("com.aparapi")) {
                assertEquals(0, wire.getProvider().getBundle().getBundleId(), pkg + " comes from the system bundle");
                aparapi++;
            }
        }
        assertTrue(aparapi >= 1, "the plugin imports Aparapi");
    }

    @Test
    @Order(2)
    void trainsWithItsOpenClKernel() {
        String out = train("--arch lenet5-swish --arch-options impl=opencl --epochs 1 --limit 64 --batch-size 16");
        assertTrue(out.contains("Training lenet5-swish on mnist") && out.contains("Test accuracy"), out);
    }

    @Test
    @Order(3)
    void trainsWithAparapi() {
        String out = train("--arch lenet5-swish --arch-options impl=aparapi,beta=1.5 --epochs 1 --limit 32 "
                + "--batch-size 16");
        assertTrue(out.contains("Training lenet5-swish on mnist") && out.contains("Test accuracy"), out);
    }

    @Test
    @Order(4)
    void removedItIsGoneAndItsProgramsAreReleased() throws Exception {
        // A backend that outlives the plugin, with the plugin's program built in its context.
        Bundle engine = container.bundle("lamina-engine");
        Bundle kernels = container.bundle("lamina-kernels-opencl");
        Class<?> backends = engine.loadClass("org.lamina.backend.Backends");
        Class<?> backendType = engine.loadClass("org.lamina.backend.Backend");
        Class<?> options = engine.loadClass("org.lamina.spi.Options");
        Class<?> layerType = engine.loadClass("org.lamina.spi.LayerType");
        Class<?> layerContext = engine.loadClass("org.lamina.graph.LayerContext");
        Class<?> clContext = kernels.loadClass("org.lamina.opencl.ClContext");
        Object backend = backends.getMethod("open", String.class).invoke(null,
                String.valueOf(OpenClTests.device().index()));
        try {
            Object access = backendType.getMethod("deviceAccess").invoke(backend);
            Object context = engine.loadClass("org.lamina.device.OpenClAccess").getMethod("context").invoke(access);
            ServiceReference<?>[] refs = container.context().getAllServiceReferences(layerType.getName(),
                    "(component.name=org.lamina.plugins.swish.SwishLayerType)");
            assertNotNull(refs, "the swish layer type is a service");
            Object type = container.context().getService(refs[0]);
            Object layer = layerType.getMethod("create", options).invoke(type,
                    options.getMethod("parse", String.class).invoke(null, "impl=opencl"));
            container.context().ungetService(refs[0]);
            // The layer reads no context in forward: a proxy that answers null suffices.
            Object ctx = Proxy.newProxyInstance(layerContext.getClassLoader(), new Class<?>[] {layerContext},
                    (p, m, a) -> null);
            Method forward = engine.loadClass("org.lamina.graph.Layer").getMethod("forward", layerContext, List.class);
            Object x = backendType.getMethod("tensor", float[].class, int[].class).invoke(backend,
                    new float[] {-1, 0, 1}, new int[] {3});
            Object y = forward.invoke(layer, ctx, List.of(x));
            float[] values = (float[]) y.getClass().getMethod("toArray").invoke(y);
            assertEquals(0.7310586f, values[2], 1e-6f, "swish(1) = sigmoid(1)");
            assertEquals(1, swishPrograms(context), "the plugin built its program in the backend's context");

            Files.delete(deploy.resolve(jar.getFileName()));
            assertTrue(container.awaitDeployed(20_000));
            assertNull(container.bundle(BUNDLE));
            String out = container.execute("lamina:plugins");
            assertFalse(out.contains("swish"), out);
            assertTrue(train("--arch lenet5-swish --epochs 1 --limit 16").contains("unknown architecture 'lenet5-swish'"));

            assertTrue(((List<?>) clContext.getMethod("openContexts").invoke(null)).contains(context),
                    "the backend's context is still open");
            assertEquals(0, swishPrograms(context), "the plugin released its program when it stopped");
            // A layer left in a network computes on the host now, without building the program again.
            Object again = forward.invoke(layer, ctx, List.of(x));
            assertEquals(0.7310586f, ((float[]) again.getClass().getMethod("toArray").invoke(again))[2], 1e-6f);
            assertEquals(0, swishPrograms(context), "nothing was built after the release");
        } finally {
            backendType.getMethod("close").invoke(backend);
        }
    }

    @Test
    @Order(5)
    void removedDuringTrainingTheRunStopsWithAClearMessage() throws Exception {
        deployJar();
        Class<?> clContext = container.bundle("lamina-kernels-opencl").loadClass("org.lamina.opencl.ClContext");
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> train("--arch lenet5-swish --epochs 50 "
                + "--batch-size 4"));
        assertTrue(ContainerTest.await(() -> run.isDone() || swishProgramsAnywhere(clContext) > 0, 60_000)
                && !run.isDone(), "training runs with the plugin's kernel: " + (run.isDone() ? run.join() : ""));
        Files.delete(deploy.resolve(jar.getFileName()));
        String out = run.get(120, TimeUnit.SECONDS);
        assertTrue(out.matches("(?s).*architecture 'lenet5-swish' was removed \\(its plugin went away\\); "
                + "training stopped after step \\d+ \\(epoch \\d+\\).*"), out);
        assertTrue(out.contains("exit status 1"), out);
        assertTrue(container.awaitDeployed(20_000));
        assertEquals(0, swishProgramsAnywhere(clContext), "no context holds the plugin's program");
    }

    static void deployJar() throws IOException {
        Path tmp = deploy.resolve(jar.getFileName() + ".part"); // FileInstall ignores it until renamed
        Files.copy(jar, tmp);
        Files.move(tmp, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        assertTrue(container.awaitDeployed(20_000));
        assertTrue(ContainerTest.await(() -> container.execute("lamina:plugins").contains("lenet5-swish"), 20_000),
                container.execute("lamina:plugins"));
    }

    static long swishProgramsAnywhere(Class<?> clContext) {
        try {
            long n = 0;
            for (Object c : (List<?>) clContext.getMethod("openContexts").invoke(null)) {
                n += swishPrograms(c);
            }
            return n;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Programs in {@code context} built from the plugin's {@code swish.cl}. */
    static long swishPrograms(Object context) throws ReflectiveOperationException {
        long n = 0;
        for (Object program : (List<?>) context.getClass().getMethod("programs").invoke(context)) {
            Object source = program.getClass().getMethod("source").invoke(program);
            String name = (String) source.getClass().getMethod("name").invoke(source);
            if (name.endsWith("/swish.cl")) {
                n++;
            }
        }
        return n;
    }
}
