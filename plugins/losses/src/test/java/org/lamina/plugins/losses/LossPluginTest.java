package org.lamina.plugins.losses;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.golden.GoldenCase;
import org.lamina.golden.GoldenSet;
import org.lamina.golden.TensorSpec;
import org.lamina.opencl.OpenClTests;
import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;

/**
 * The loss plugins against PyTorch's reference cases ({@code multi_margin}, {@code mse},
 * {@code cross_entropy}) on the Java and OpenCL backends, MSE's one-hot targets, bad input, and how
 * the plugins are found.
 */
class LossPluginTest {
    private static final JavaBackend JAVA = new JavaBackend();
    private static OpenClBackend openCl;

    static synchronized Backend openCl() {
        if (openCl == null) {
            openCl = new OpenClBackend(OpenClTests.context());
        }
        return openCl;
    }

    static GoldenCase golden(String name) {
        try {
            Path dir = Path.of(LossPluginTest.class.getResource("/golden/" + name + "/case.json").toURI()).getParent();
            return GoldenSet.open(dir.getParent()).get(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> javaBackend() {
        return cases(JAVA);
    }

    @TestFactory
    Stream<DynamicTest> openClBackend() {
        return cases(openCl());
    }

    private static Stream<DynamicTest> cases(Backend b) {
        return Stream.of(
                DynamicTest.dynamicTest("hinge: multi_margin", () -> check(golden("multi_margin"), new Hinge(), b,
                        "logits", "labels", "grad_logits")),
                DynamicTest.dynamicTest("mse: mse", () -> check(golden("mse"), new MeanSquaredError(), b, "input",
                        "target", "grad_input")),
                DynamicTest.dynamicTest("cross-entropy: cross_entropy", () -> check(golden("cross_entropy"),
                        new CrossEntropy(), b, "logits", "labels", "grad_logits")));
    }

    private static void check(GoldenCase c, Loss loss, Backend b, String output, String labels, String grad) {
        try (Tensor x = b.tensor(c.load(output), c.spec(output).shape());
                Tensor y = b.tensor(c.load(labels), c.spec(labels).shape());
                Loss.Result r = loss.evaluate(x, y)) {
            close(c.spec("loss"), new float[] {(float) r.value()}, c.load("loss"), loss.name() + " value on " + b.device());
            close(c.spec(grad), r.gradient().toArray(), c.load(grad), loss.name() + " gradient on " + b.device());
            assertArrayEquals(x.dims(), r.gradient().dims());
        }
    }

    private static void close(TensorSpec spec, float[] got, float[] want, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= spec.atol() + spec.rtol() * Math.abs(want[i]),
                    what + "[" + i + "]: got " + got[i] + ", PyTorch " + want[i]);
        }
    }

    @Test
    void mseOfClassLabelsIsMseOfTheirOneHotEncoding() {
        Random rnd = new Random(5);
        int n = 6, classes = 4;
        float[] out = new float[n * classes], labels = new float[n], oneHot = new float[n * classes];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(classes);
            oneHot[i * classes + (int) labels[i]] = 1;
        }
        double expected = 0;
        for (int i = 0; i < out.length; i++) {
            expected += (out[i] - oneHot[i]) * (out[i] - oneHot[i]);
        }
        expected /= out.length;
        for (Backend b : List.of(JAVA, openCl())) {
            try (Tensor x = b.tensor(out, n, classes); Tensor y = b.tensor(labels, n);
                    Tensor t = b.tensor(oneHot, n, classes); Loss.Result r = new MeanSquaredError().evaluate(x, y);
                    Loss.Result explicit = new MeanSquaredError().evaluate(x, t)) {
                assertEquals(expected, r.value(), 1e-5, b.device());
                assertEquals(explicit.value(), r.value(), 1e-6, b.device());
                float[] g = r.gradient().toArray(), ge = explicit.gradient().toArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals(2 * (out[i] - oneHot[i]) / out.length, g[i], 1e-6, b.device() + " gradient " + i);
                    assertEquals(ge[i], g[i], 0, b.device() + " gradient " + i);
                }
            }
        }
    }

    @Test
    void badLabelsAreClearErrors() {
        try (Tensor x = JAVA.zeros(2, 3); Tensor wrong = JAVA.zeros(3); Tensor big = JAVA.tensor(new float[] {0, 3}, 2);
                Tensor half = JAVA.tensor(new float[] {0, 0.5f}, 2)) {
            assertEquals("mse: labels [3] are neither class labels [N] for outputs [N, C] nor targets of the output's "
                    + "shape [2, 3]", assertThrows(IllegalArgumentException.class,
                            () -> new MeanSquaredError().evaluate(x, wrong)).getMessage());
            assertEquals("mse: labels[1] = 3 is outside [0, 3) (3 classes)", assertThrows(
                    IllegalArgumentException.class, () -> new MeanSquaredError().evaluate(x, big)).getMessage());
            String m = assertThrows(IllegalArgumentException.class, () -> new Hinge().evaluate(x, half)).getMessage();
            assertTrue(m.startsWith("multi_margin_loss: labels[1] = 0.5 is not an integer class index"), m);
        }
    }

    @Test
    void serviceLoaderAndDeclarativeServicesFindEveryLoss() {
        Set<String> names = ServiceLoader.load(Loss.class).stream().map(p -> p.get().name()).collect(Collectors.toSet());
        assertEquals(Set.of("cross-entropy", "hinge", "mse"), names);
        for (Class<?> c : List.of(CrossEntropy.class, Hinge.class, MeanSquaredError.class)) {
            assertNotNull(c.getResource("/OSGI-INF/" + c.getName() + ".xml"), c.getName() + " has no DS component");
        }
    }
}
