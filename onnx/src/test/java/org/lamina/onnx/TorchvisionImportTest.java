package org.lamina.onnx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.OpenClTests;

/**
 * torchvision's AlexNet, VGG-11, ResNet-18 and GoogLeNet (random weights, random batch-norm
 * statistics, eval mode, 224x224 inputs, a batch of 2) exported by torch.onnx.export, imported by
 * Lamina: the same outputs as PyTorch on pocl and on the Java backend. The Java backend (double
 * precision, no vector units) runs the first example of the batch only: VGG-11 takes it about 50 s per
 * 224x224 image on CI's two cores.
 */
class TorchvisionImportTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "googlenet", "alexnet", "vgg11"})
    void sameOutputsAsPyTorch(String name) {
        OnnxModels.Reference ref = OnnxModels.get(name);
        long t0 = System.nanoTime();
        ImportedModel m = OnnxImport.read(ref.onnx());
        long t1 = System.nanoTime();
        ImportAgainstPyTorchTest.check(name + " opencl", ref.output(),
                ImportAgainstPyTorchTest.run(m, new OpenClBackend(OpenClTests.context()), ref), 1e-4);
        long t2 = System.nanoTime();
        OnnxModels.Reference first = ref.first();
        ImportAgainstPyTorchTest.check(name + " java", first.output(),
                ImportAgainstPyTorchTest.run(m, new JavaBackend(), first), 1e-5);
        long t3 = System.nanoTime();
        System.out.printf("%s: import %.1f s, opencl %.1f s, java %.1f s%n", name, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);
    }
}
