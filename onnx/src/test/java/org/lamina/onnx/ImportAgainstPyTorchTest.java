package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.layers.BatchNormLayer;
import org.lamina.opencl.OpenClTests;
import org.lamina.tensor.Tensor;

/**
 * Models exported by torch.onnx.export, imported and run by Lamina, give PyTorch's outputs on the
 * Java backend and on OpenCL (pocl here).
 */
class ImportAgainstPyTorchTest {

    static float[] run(ImportedModel m, Backend backend, OnnxModels.Reference ref) {
        try (Model model = m.model(backend); Tensor x = backend.tensor(ref.input(), ref.inputShape())) {
            assertArrayEquals(Arrays.copyOfRange(ref.inputShape(), 1, ref.inputShape().length),
                    m.inputShape());
            Map<String, Tensor> out = new Executor(model).infer(Map.of(m.network().inputs().get(0), x));
            try (Tensor y = out.get(m.network().outputs().get(0))) {
                assertArrayEquals(ref.outputShape(), y.dims());
                return y.toArray();
            }
        }
    }

    /** The largest difference, checked against a tolerance relative to the outputs' scale. */
    static double check(String what, float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length, what);
        double maxDiff = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        System.out.printf("%s: max abs error %.3g (outputs up to %.3g)%n", what, maxDiff, scale);
        assertTrue(maxDiff <= 1e-5 + relative * scale, what + ": max abs error " + maxDiff + " against outputs up to "
                + scale);
        return maxDiff;
    }

    /** torch.onnx.export's defaults: opset 14, batch norm folded into the convolutions, a fixed batch. */
    @org.junit.jupiter.api.Test
    void aModelExportedWithPyTorchsDefaults() {
        OnnxModels.Reference ref = OnnxModels.get("resnet18_default");
        ImportedModel m = OnnxImport.read(ref.onnx());
        assertTrue(m.network().nodes().stream().noneMatch(n -> n.layer() instanceof BatchNormLayer));
        check("resnet18_default opencl", ref.output(), run(m, new OpenClBackend(OpenClTests.context()), ref), 1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "ops"})
    void smallModelsOnJavaAndOpenCl(String name) {
        OnnxModels.Reference ref = OnnxModels.get(name);
        ImportedModel m = OnnxImport.read(ref.onnx());
        check(name + " java", ref.output(), run(m, new JavaBackend(), ref), 1e-5);
        check(name + " opencl", ref.output(), run(m, new OpenClBackend(OpenClTests.context()), ref), 1e-4);
    }
}
