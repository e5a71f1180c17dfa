package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.opencl.OpenClTests;
import org.lamina.plugins.architectures.AlexNet;
import org.lamina.plugins.architectures.LeNet5;
import org.lamina.plugins.architectures.ResNet18;
import org.lamina.plugins.architectures.Vgg16;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/**
 * Lamina's own architectures (random weights, random batch-norm statistics), exported to ONNX: the
 * ONNX project's checker accepts the file, ONNX Runtime gives Lamina's outputs, and importing the file
 * again gives the same network.
 */
class ExportTest {

    @ParameterizedTest
    @CsvSource({"lenet5,variant=relu,1,28,28", "lenet5,variant=tanh,1,28,28", "alexnet,stem=imagenet,3,224,224",
        "vgg16,,3,32,32", "resnet18,,3,32,32"})
    void onnxRuntimeGivesLaminasOutputs(String arch, String options, int c, int h, int w, @TempDir Path dir)
            throws IOException {
        Architecture a = switch (arch) {
            case "lenet5" -> new LeNet5();
            case "alexnet" -> new AlexNet();
            case "vgg16" -> new Vgg16();
            default -> new ResNet18();
        };
        Network net = a.build(new int[] {c, h, w}, 10, Options.parse(options));
        int[] shape = {3, c, h, w};
        float[] x = random(3 * c * h * w, 1);
        Backend backend = new OpenClBackend(OpenClTests.context());
        float[] lamina;
        Path file = dir.resolve(arch + ".onnx");
        try (Model model = new Model(net, backend, 5)) {
            randomizeStatistics(model);
            lamina = infer(model, x, shape);
            OnnxExport.write(net, model.snapshot(), file);
        }
        System.out.println(arch + " onnx.checker: " + (OnnxModels.onnxChecker(file) ? "passed" : "not run (no onnx)"));
        float[] ort = OnnxRuntime.run(file, net.inputs().get(0), x, shape);
        ImportAgainstPyTorchTest.check(arch + " " + options + " ONNX Runtime vs Lamina", lamina, ort, 1e-4);

        ImportedModel again = OnnxImport.read(file);
        assertEquals(net.parameters().size(), again.network().parameters().size());
        try (Model model = again.model(backend)) {
            ImportAgainstPyTorchTest.check(arch + " re-imported", lamina, infer(model, x, shape), 1e-6);
        }
    }

    @org.junit.jupiter.api.Test
    void aLayerWithoutAnOnnxOperatorIsRefusedNamingTheNode() {
        // The small AlexNet pools 3x3 to 6x6 adaptively: overlapping windows of one value, no ONNX operator.
        Network net = new AlexNet().build(new int[] {3, 32, 32}, 10, Options.empty());
        try (Model model = new Model(net, new JavaBackend(), 1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.model(net, model.snapshot()));
            assertEquals("network alexnet: node avgpool is adaptive average pooling from 3x3 to 6x6 (windows of"
                    + " different sizes, which ONNX has no operator for), which Lamina does not export to ONNX",
                    e.getMessage());
        }
    }

    static float[] infer(Model model, float[] x, int[] shape) {
        Network net = model.network();
        try (Tensor t = model.backend().tensor(x, shape)) {
            Map<String, Tensor> out = new Executor(model).infer(Map.of(net.inputs().get(0), t));
            try (Tensor y = out.get(net.outputs().get(0))) {
                return y.toArray();
            }
        }
    }

    /** Batch norm starts as the identity; other statistics make the export of each of them matter. */
    static void randomizeStatistics(Model model) {
        SplittableRandom r = new SplittableRandom(3);
        for (Network.Param p : model.network().parameters()) {
            if (p.name().endsWith("running_mean") || p.name().endsWith("running_var")) {
                float[] v = new float[p.spec().size()];
                boolean var = p.name().endsWith("running_var");
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (var ? r.nextDouble(0.5, 1.5) : r.nextDouble(-0.2, 0.2));
                }
                model.assign(p.name(), v);
            }
        }
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }
}
