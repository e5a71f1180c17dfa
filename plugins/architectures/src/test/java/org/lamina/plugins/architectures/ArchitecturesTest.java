package org.lamina.plugins.architectures;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.opencl.OpenClTests;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.optim.SgdParams;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/**
 * AlexNet, VGG-16 and ResNet-18: torchvision's parameter counts, names and shapes at ImageNet size;
 * building at CIFAR and MNIST sizes; a forward pass and a training step on the Java backend at small
 * size.
 */
class ArchitecturesTest {
    private static final JavaBackend JAVA = new JavaBackend();

    static Architecture arch(String name) {
        return switch (name) {
            case "alexnet" -> new AlexNet();
            case "vgg16" -> new Vgg16();
            case "resnet18" -> new ResNet18();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @CsvSource({"alexnet, 61100840", "vgg16, 138357544", "resnet18, 11689512"})
    void imageNetSizeHasTorchvisionsParameters(String name, long count) throws IOException {
        Network net = arch(name).build(new int[] {3, 224, 224}, 1000, Options.empty());
        assertEquals(count, net.trainableParameterCount(), name);
        // Names and shapes of every parameter and batch-norm buffer, as torchvision's state_dict
        // (written by state_dicts.py next to the lists).
        Map<String, String> ours = new TreeMap<>();
        for (Network.Param p : net.parameters()) {
            ours.put(p.name(), Arrays.stream(p.spec().shape()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",")));
        }
        assertEquals(torchvision(name), ours);
        assertArrayEquals(new int[] {1000}, net.node(net.outputs().get(0)).shape());
    }

    static Map<String, String> torchvision(String name) throws IOException {
        try (InputStream in = ArchitecturesTest.class.getResourceAsStream("/torchvision/" + name + ".txt")) {
            Map<String, String> m = new TreeMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .forEach(l -> m.put(l.split(" ")[0], l.split(" ")[1]));
            return m;
        }
    }

    @ParameterizedTest
    @CsvSource({"alexnet", "vgg16", "resnet18"})
    void buildsAtCifarAndMnistSizes(String name) {
        Architecture a = arch(name);
        Network cifar = a.build(new int[] {3, 32, 32}, 10, Options.empty());
        Network mnist = a.build(new int[] {1, 28, 28}, 10, Options.empty());
        for (Network n : List.of(cifar, mnist)) {
            assertArrayEquals(new int[] {10}, n.node(n.outputs().get(0)).shape(), name);
            assertTrue(n.trainableParameterCount() > 1_000_000, name + ": " + n.trainableParameterCount());
        }
        // Only the first layer depends on the image channels.
        assertEquals(first(cifar), 3 * first(mnist), name);
        // AlexNet's ImageNet stem shrinks a 32x32 image to nothing: reported, naming where (ResNet-18's and
        // VGG-16's still fit at 32x32).
        if (name.equals("alexnet")) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> a.build(new int[] {3, 32, 32}, 10, Options.parse("stem=imagenet"))).getMessage();
            assertTrue(m.startsWith("graph alexnet: node pool3 (max_pool2d) with input features.10 [256, 1, 1]"), m);
        }
    }

    private static long first(Network n) {
        Network.Param p = n.parameters().get(0);
        return p.spec().size();
    }

    @Test
    void smallStemsAreDocumentedSizes() {
        Network alex = new AlexNet().build(new int[] {3, 32, 32}, 10, Options.empty());
        assertArrayEquals(new int[] {64, 3, 3, 3}, alex.node("features.0").params().get(0).shape());
        Network resnet = new ResNet18().build(new int[] {3, 32, 32}, 10, Options.empty());
        assertArrayEquals(new int[] {512, 4, 4}, resnet.node("layer4.1.add").shape());
        Network resnetMnist = new ResNet18().build(new int[] {1, 28, 28}, 10, Options.empty());
        assertArrayEquals(new int[] {512, 4, 4}, resnetMnist.node("layer4.1.add").shape());
        Network vgg = new Vgg16().build(new int[] {1, 28, 28}, 10, Options.empty());
        assertArrayEquals(new int[] {512, 1, 1}, vgg.node("features.30").shape());
        assertArrayEquals(new int[] {4096, 512}, vgg.node("classifier.0").params().get(0).shape());
        // stem=small at ImageNet size and stem=imagenet at 64x64 both build.
        assertEquals(11_689_512 - 64 * 3 * 49 + 64 * 3 * 9,
                new ResNet18().build(new int[] {3, 224, 224}, 1000, Options.parse("stem=small")).trainableParameterCount());
        Network alex64 = new AlexNet().build(new int[] {3, 64, 64}, 10, Options.parse("stem=imagenet"));
        assertArrayEquals(new int[] {64, 3, 11, 11}, alex64.node("features.0").params().get(0).shape());
        assertArrayEquals(new int[] {10}, alex64.node(alex64.outputs().get(0)).shape());
    }

    @Test
    void badOptionsAreClearErrors() {
        assertEquals("alexnet: stem 'tiny' is not auto, imagenet or small", assertThrows(IllegalArgumentException.class,
                () -> new AlexNet().build(new int[] {3, 32, 32}, 10, Options.parse("stem=tiny"))).getMessage());
        assertEquals("vgg16: dropout 1.0 is outside [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> new Vgg16().build(new int[] {3, 32, 32}, 10, Options.parse("dropout=1"))).getMessage());
        assertEquals("resnet18: needs images [C, H, W], got [32, 32]", assertThrows(IllegalArgumentException.class,
                () -> new ResNet18().build(new int[] {32, 32}, 10, Options.empty())).getMessage());
        assertEquals("resnet18: needs at least 2 classes, got 1", assertThrows(IllegalArgumentException.class,
                () -> new ResNet18().build(new int[] {3, 32, 32}, 1, Options.empty())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ResNet18().build(new int[] {3, 32, 32}, 10, Options.parse("dropout=0.5"))).getMessage()
                .startsWith("resnet18: unknown option [dropout]; it takes [stem]"));
    }

    @Test
    void serviceLoaderAndDeclarativeServicesFindEveryArchitecture() {
        Set<String> names = ServiceLoader.load(Architecture.class).stream().map(p -> p.get().name())
                .collect(Collectors.toSet());
        assertEquals(Set.of("lenet5", "alexnet", "vgg16", "resnet18", "resnet34", "resnet50", "wide_resnet50_2", "wrn",
                "vgg11", "vgg13", "vgg19", "vgg16_bn", "googlenet", "mobilenet_v2", "unet", "autoencoder"), names);
        for (Class<?> c : List.of(LeNet5.class, AlexNet.class, Vgg16.class, ResNet18.class, ResNet34.class, ResNet50.class,
                WideResNet50x2.class, WideResNet.class, Vgg11.class, Vgg13.class, Vgg19.class, Vgg16Bn.class,
                GoogLeNet.class, MobileNetV2.class, UNet.class, ConvAutoencoder.class)) {
            assertNotNull(c.getResource("/OSGI-INF/" + c.getName() + ".xml"), c.getName() + " has no DS component");
        }
    }

    /**
     * At MNIST size, batch 2, on the Java backend: inference gives the classes' logits, and one
     * training step (forward, cross-entropy, backward, SGD) leaves the loss, every gradient and every
     * parameter finite, and changes the weights.
     */
    @ParameterizedTest
    @CsvSource({"alexnet", "vgg16", "resnet18"})
    void forwardAndOneTrainingStepAtSmallSize(String name) {
        Network net = arch(name).build(new int[] {1, 28, 28}, 10, Options.empty());
        int batch = 2;
        float[] pixels = new float[batch * 28 * 28];
        Random rnd = new Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rnd.nextGaussian();
        }
        String in = net.inputs().get(0), out = net.outputs().get(0);
        try (Model model = new Model(net, JAVA, 7); Tensor x = JAVA.tensor(pixels, batch, 1, 28, 28);
                Tensor y = JAVA.tensor(new float[] {3, 8}, batch)) {
            Executor ex = new Executor(model);
            Map<String, Tensor> inferred = ex.infer(Map.of(in, x));
            try (Tensor logits = inferred.get(out)) {
                assertArrayEquals(new int[] {batch, 10}, logits.dims(), name);
                assertAllFinite(logits.toArray(), name + " logits");
            }
            String firstWeight = net.parameters().get(0).name();
            float[] before = model.param(firstWeight).toArray();
            try (Pass pass = ex.forward(Map.of(in, x), 11, Set.of());
                    LossOps.Result r = new SoftmaxCrossEntropy().forward(pass.output(out), y)) {
                float loss = r.loss().toArray()[0];
                assertTrue(Float.isFinite(loss) && loss > 0, name + " loss " + loss);
                ex.backward(pass, Map.of(out, r.gradInput()), Set.of());
            }
            int updated = 0;
            for (Network.Param p : net.parameters()) {
                if (!p.spec().trainable()) {
                    assertAllFinite(model.param(p.name()).toArray(), name + " " + p.name());
                    continue;
                }
                Tensor g = model.grad(p.name());
                assertNotNull(g, name + ": no gradient for " + p.name());
                assertAllFinite(g.toArray(), name + " gradient of " + p.name());
                JAVA.optimizers().sgd(model.param(p.name()), g, null, SgdParams.of(0.01), 1);
                assertAllFinite(model.param(p.name()).toArray(), name + " " + p.name() + " after the step");
                updated++;
            }
            assertEquals(net.parameters().stream().filter(p -> p.spec().trainable()).count(), updated);
            assertFalse(Arrays.equals(before, model.param(firstWeight).toArray()), name + ": the step changed nothing");
        }
    }

    /**
     * The networks on the OpenCL device agree with the Java reference at MNIST size: the logits in
     * inference, and in training mode (batch statistics, no dropout in ResNet-18) every gradient of
     * ResNet-18.
     */
    @ParameterizedTest
    @CsvSource({"alexnet", "vgg16", "resnet18"})
    void openClAgreesWithJava(String name) {
        Network net = arch(name).build(new int[] {1, 28, 28}, 10, Options.empty());
        float[] pixels = new float[2 * 28 * 28];
        Random rnd = new Random(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rnd.nextGaussian();
        }
        Map<String, float[]> java = run(net, JAVA, pixels, name.equals("resnet18"));
        try (Backend cl = new OpenClBackend(OpenClTests.context())) {
            Map<String, float[]> opencl = run(net, cl, pixels, name.equals("resnet18"));
            assertEquals(java.keySet(), opencl.keySet());
            for (String k : java.keySet()) {
                float[] a = java.get(k), b = opencl.get(k);
                double scale = 0;
                for (float v : a) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < a.length; i++) {
                    // float32 on the device against double in Java, through up to 20 layers
                    assertEquals(a[i], b[i], 1e-3 * scale + 1e-6, name + " " + k + "[" + i + "]");
                }
            }
        }
    }

    /** The logits of inference and, with {@code gradients}, every parameter gradient of one training pass. */
    private static Map<String, float[]> run(Network net, Backend b, float[] pixels, boolean gradients) {
        Map<String, float[]> out = new TreeMap<>();
        String in = net.inputs().get(0), logits = net.outputs().get(0);
        try (Model model = new Model(net, b, 7); Tensor x = b.tensor(pixels, 2, 1, 28, 28);
                Tensor y = b.tensor(new float[] {3, 8}, 2)) {
            Executor ex = new Executor(model);
            try (Tensor t = ex.infer(Map.of(in, x)).get(logits)) {
                out.put("logits", t.toArray());
            }
            if (gradients) {
                try (Pass pass = ex.forward(Map.of(in, x), 11, Set.of());
                        LossOps.Result r = new SoftmaxCrossEntropy().forward(pass.output(logits), y)) {
                    ex.backward(pass, Map.of(logits, r.gradInput()), Set.of());
                }
                for (Network.Param p : net.parameters()) {
                    if (p.spec().trainable()) {
                        out.put("grad " + p.name(), model.grad(p.name()).toArray());
                    }
                }
            }
        }
        return out;
    }

    private static void assertAllFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                fail(what + "[" + i + "] = " + values[i]);
            }
        }
    }
}
