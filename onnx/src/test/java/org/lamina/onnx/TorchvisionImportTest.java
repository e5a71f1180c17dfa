package org.lamina.onnx;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.OpenClTests;

/**
 * torchvision's AlexNet, VGG-11, ResNet-18 and GoogLeNet (random weights, random batch-norm
 * statistics, eval mode, 224x224 inputs, a batch of 2) exported by torch.onnx.export, imported by
 * Lamina: the same outputs as PyTorch on pocl and on the Java backend; exported again by Lamina, the
 * same outputs as Lamina in ONNX Runtime. The Java backend (double
 * precision, no vector units) runs the first example of the batch only: VGG-11 takes it about 50 s per
 * 224x224 image on CI's two cores.
 */
class TorchvisionImportTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "googlenet", "alexnet", "vgg11"})
    void sameOutputsAsPyTorchAndBackThroughOnnxRuntime(String name, @TempDir Path dir) throws IOException {
        OnnxModels.Reference ref = OnnxModels.get(name);
        long t0 = System.nanoTime();
        ImportedModel m = OnnxImport.read(ref.onnx());
        long t1 = System.nanoTime();
        float[] lamina = ImportAgainstPyTorchTest.run(m, new OpenClBackend(OpenClTests.context()), ref);
        ImportAgainstPyTorchTest.check(name + " opencl", ref.output(), lamina, 1e-4);
        long t2 = System.nanoTime();
        OnnxModels.Reference first = ref.first();
        ImportAgainstPyTorchTest.check(name + " java", first.output(),
                ImportAgainstPyTorchTest.run(m, new JavaBackend(), first), 1e-5);
        long t3 = System.nanoTime();

        // and back: Lamina's network exported to ONNX gives Lamina's outputs in ONNX Runtime
        Path exported = dir.resolve(name + "-lamina.onnx");
        OnnxExport.write(m.network(), m.weights(), exported);
        ImportAgainstPyTorchTest.check(name + " lamina->onnx->onnxruntime vs lamina", lamina,
                OnnxRuntime.run(exported, m.network().inputs().get(0), ref.input(), ref.inputShape()), 1e-4);
        long t4 = System.nanoTime();
        System.out.printf("%s: import %.1f s, opencl %.1f s, java %.1f s, export and onnxruntime %.1f s%n", name,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
    }
}
