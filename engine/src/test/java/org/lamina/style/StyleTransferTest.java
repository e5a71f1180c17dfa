package org.lamina.style;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/**
 * Style transfer through the Java API on both backends: with a small random convolutional network the
 * total loss falls over the steps and the image stays within its range; the two backends agree; bad
 * layers are named.
 */
class StyleTransferTest {

    static Network network() {
        Graph g = new Graph("tiny");
        Node x = g.input("image", 3, 12, 12);
        Node a = g.conv2d(x, 6, 3).pad(1).name("conv1").relu();
        Node b = a.maxPool(2).name("pool1");
        Node c = g.conv2d(b, 8, 3).pad(1).name("conv2").relu();
        g.output(c.flatten().dense(4).name("fc"));
        return g.build();
    }

    static List<StyleTransfer.Step> run(Backend backend, float[][] result) {
        Random rnd = new Random(4);
        float[] content = TestData.gaussian(rnd, 3 * 144), style = TestData.gaussian(rnd, 3 * 144);
        float[] lo = {-3, -3, -3}, hi = {3, 3, 3};
        for (float[] img : new float[][] {content, style}) {
            for (int i = 0; i < img.length; i++) {
                img[i] = Math.max(-3, Math.min(3, img[i]));
            }
        }
        List<StyleTransfer.Step> steps = new ArrayList<>();
        try (Model m = new Model(network(), backend, 9)) {
            StyleTransfer st = new StyleTransfer(m);
            assertEquals(List.of("conv1", "pool1", "conv2"), st.featureLayers());
            var s = new StyleTransfer.Settings("conv2", 1, Map.of("conv1", 1.0, "conv2", 0.5), 100, 40, 0.05, true, 1);
            StyleTransfer.Result r = st.run(content, style, lo, hi, s, steps::add);
            assertEquals(steps, r.steps());
            result[0] = r.image();
        }
        return steps;
    }

    @Test
    void theTotalLossFallsOnBothBackends() {
        float[][] java = new float[1][], cl = new float[1][];
        List<StyleTransfer.Step> a = run(TestBackends.java(), java), b = run(TestBackends.openCl(), cl);
        assertEquals(41, a.size());
        assertEquals(0, a.get(0).content(), 1e-9, "the image starts as the content image");
        assertTrue(a.get(40).total() < 0.5 * a.get(0).total(), a.get(0) + " -> " + a.get(40));
        for (int k = 10; k <= 40; k += 10) {
            assertTrue(a.get(k).total() < a.get(k - 10).total(), "step " + k + ": " + a.get(k) + " after " + a.get(k - 10));
        }
        for (float v : java[0]) {
            assertTrue(v >= -3 && v <= 3, "the image stays within its range: " + v);
        }
        // The same run on OpenCL (float32 rounding, Adam's sign-like steps: close, not equal).
        assertEquals(a.get(0).total(), b.get(0).total(), 1e-4 * a.get(0).total());
        assertEquals(a.get(40).total(), b.get(40).total(), 0.05 * a.get(40).total());
    }

    @Test
    void badLayersAreNamed() {
        try (Model m = new Model(network(), TestBackends.java(), 9)) {
            StyleTransfer st = new StyleTransfer(m);
            var e = assertThrows(IllegalArgumentException.class, () -> st.requireFeatureLayer("--content-layer", "nope"));
            assertEquals("--content-layer: network tiny has no layer 'nope'; layers with feature maps: conv1, pool1, conv2",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> st.requireFeatureLayer("--style-layers", "fc"));
            assertTrue(e.getMessage().startsWith("--style-layers: layer fc has no feature maps (shape [4])"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new StyleTransfer.Settings("conv1", 1, Map.of(), 1, 1, 0.1, true, 1));
            assertEquals("style: at least one style layer is needed", e.getMessage());
        }
    }
}
