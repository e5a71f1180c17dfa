package org.lamina.plugins.architectures;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.opencl.OpenClTests;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;
import org.lamina.transfer.Heads;
import org.lamina.transfer.LoadReport;
import org.lamina.transfer.WeightLoader;
import org.lamina.transfer.Weights;

/**
 * A real torchvision {@code state_dict} (mobilenet_v2 at width 0.1, written by
 * {@code tools/reference/transfer_weights.py} in F32, F16, BF16, F64 and I64) loaded by name into
 * Lamina's mobilenet_v2: every tensor matches, the dtypes are converted, the counters ignored, and the
 * network computes PyTorch's logits on Java and OpenCL; built for other classes, the head is replaced.
 */
class TorchvisionWeightsTest {
    private static final int[] INPUT = {3, 64, 64};
    private static final Options WIDTH = Options.parse("width=0.1");

    static Path resource(String name) {
        try {
            return Path.of(TorchvisionWeightsTest.class.getResource("/torchvision/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loadsEveryTensorConvertingDtypesAndIgnoringCounters() {
        Weights w = Weights.read(resource("mobilenet_v2_w0.1.safetensors"));
        Network net = ZooTest.arch("mobilenet_v2").build(INPUT, 10, WIDTH);
        try (Model model = new Model(net, new JavaBackend(), 1)) {
            LoadReport r = WeightLoader.load(model, w, true);
            assertEquals(net.parameters().size(), r.loaded().size(), r.summary());
            // 52 batch norms, each with a counter and nothing else unmatched
            assertEquals(52, r.skipped(LoadReport.Reason.COUNTER).size(), r.summary());
            assertEquals(52, r.skipped().size(), r.summary());
            Map<String, Long> dtypes = new TreeMap<>();
            r.loaded().forEach(l -> dtypes.merge(l.dtype(), 1L, Long::sum));
            // 52 convolutions F16, 52 running means F64, 52 running variances and the classifier weight BF16
            assertEquals(Map.of("BF16", 53L, "F16", 52L, "F32", 105L, "F64", 52L), dtypes);
            assertTrue(r.summary().contains("converted to float32: 53 from BF16, 52 from F16, 52 from F64"), r.summary());
            assertTrue(r.summary().contains("52 batch-norm counters ignored"), r.summary());
            // the values are the file's, converted
            float[] bf = w.tensors().get("classifier.1.weight").values();
            assertArrayEquals(bf, model.param("classifier.1.weight").toArray());
            for (float v : Arrays.copyOf(bf, 50)) {
                assertEquals(0, Float.floatToIntBits(v) & 0xFFFF, "a bfloat16 value has no low half");
            }
        }
    }

    @Test
    void computesPyTorchsLogitsOnJavaAndOpenCl() {
        Weights w = Weights.read(resource("mobilenet_v2_w0.1.safetensors"));
        SafeTensors.Contents io = SafeTensors.read(resource("mobilenet_v2_w0.1_io.safetensors"));
        SafeTensors.Entry x = io.tensors().get("input"), want = io.tensors().get("logits");
        Network net = ZooTest.arch("mobilenet_v2").build(INPUT, 10, WIDTH);
        try (Backend cl = new OpenClBackend(OpenClTests.context())) {
            for (Backend b : new Backend[] {new JavaBackend(), cl}) {
                try (Model model = new Model(net, b, 1); Tensor in = b.tensor(x.values(), x.shape())) {
                    WeightLoader.load(model, w, true);
                    Map<String, Tensor> out = new Executor(model).infer(Map.of("image", in));
                    try (Tensor logits = out.values().iterator().next()) {
                        float[] got = logits.toArray();
                        assertArrayEquals(want.shape(), logits.dims());
                        for (int i = 0; i < got.length; i++) {
                            assertEquals(want.values()[i], got[i], 2e-4 * (1 + Math.abs(want.values()[i])),
                                    b.device() + " logit " + i + ": " + Arrays.toString(got) + " vs "
                                            + Arrays.toString(want.values()));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anotherNumberOfClassesReplacesTheHeadEvenWhenStrict() {
        Weights w = Weights.read(resource("mobilenet_v2_w0.1.safetensors"));
        Network net = ZooTest.arch("mobilenet_v2").build(INPUT, 3, WIDTH);
        try (Model model = new Model(net, new JavaBackend(), 1)) {
            float[] initial = model.param("classifier.1.weight").toArray();
            LoadReport r = WeightLoader.load(model, w, true);
            assertEquals(2, r.skipped(LoadReport.Reason.HEAD).size(), r.summary());
            LoadReport.Skipped head = r.skipped(LoadReport.Reason.HEAD).get(0);
            assertEquals("classifier.1.weight", head.name());
            assertArrayEquals(new int[] {10, 1280}, head.fileShape());
            assertArrayEquals(new int[] {3, 1280}, head.networkShape());
            assertTrue(r.lines().contains("  skipped classifier.1.weight (file [10, 1280], network [3, 1280]): classifier"
                    + " head of another shape, initialized anew"), String.join("\n", r.lines()));
            assertArrayEquals(initial, model.param("classifier.1.weight").toArray(), "the head keeps its initial values");
            assertEquals(net.parameters().size() - 2, r.loaded().size());
        }
    }

    @Test
    void theHeadIsTheLastLayerWithParametersBeforeEachOutput() {
        assertEquals(Set.of("fc", "aux1.fc2", "aux2.fc2"), Heads.of(
                ZooTest.arch("googlenet").build(new int[] {3, 224, 224}, 10, Options.parse(""))));
        assertEquals(Set.of("fc"), Heads.of(
                ZooTest.arch("resnet18").build(new int[] {3, 32, 32}, 10, Options.parse(""))));
        assertEquals(Set.of("classifier.6"), Heads.of(
                ZooTest.arch("vgg11").build(new int[] {3, 32, 32}, 10, Options.parse("width=0.25"))));
    }

    @Test
    void anotherWidthIsRefusedWhenStrictAndReportedWhenLenient() {
        Weights w = Weights.read(resource("mobilenet_v2_w0.1.safetensors"));
        Network net = ZooTest.arch("mobilenet_v2").build(INPUT, 10, Options.parse("width=0.25"));
        try (Model model = new Model(net, new JavaBackend(), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeightLoader.load(model, w, true));
            // width 0.25 has 16 channels where 0.1 has 8 first in features.7
            assertTrue(e.getMessage().startsWith("weights " + w.file() + " do not match mobilenet_v2 (strict): "
                    + "features.7.conv.2.weight (file [8, 48, 1, 1], network [16, 48, 1, 1]): shape mismatch, left at"
                    + " its initial values; "), e.getMessage());
            assertTrue(e.getMessage().matches(".*; and \\d+ more"), e.getMessage());
            LoadReport r = WeightLoader.load(model, w, false);
            assertFalse(r.skipped(LoadReport.Reason.SHAPE).isEmpty());
            assertFalse(r.loaded().isEmpty());
            assertEquals(net.parameters().size(), r.loaded().size() + r.skipped(LoadReport.Reason.SHAPE).size()
                    + r.skipped(LoadReport.Reason.HEAD).size());
        }
    }
}
