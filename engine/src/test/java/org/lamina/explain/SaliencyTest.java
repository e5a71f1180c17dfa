package org.lamina.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.golden.GoldenCase;
import org.lamina.graph.Graph;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

class SaliencyTest {

    @Test
    void theMapIsTheLargestGradientMagnitudeOfTheTopScoreByFiniteDifferences() {
        Graph g = new Graph("small");
        Node x = g.input("image", 3, 6, 6);
        g.output(g.conv2d(x, 4, 3).pad(1).relu().maxPool(2).dense(5).name("logits"));
        Backend b = TestBackends.java();
        Random rnd = new Random(1);
        float[] images = TestData.gaussian(rnd, 2 * 3 * 36);
        try (Model m = new Model(g.build(), b, 2); Tensor t = b.tensor(images, 2, 3, 6, 6)) {
            Executor ex = new Executor(m);
            Explanation e = Saliency.compute(ex, t, null);
            float[] logits = logits(ex, images);
            for (int n = 0; n < 2; n++) {
                int top = 0;
                for (int k = 1; k < 5; k++) {
                    top = logits[n * 5 + k] > logits[n * 5 + top] ? k : top;
                }
                assertEquals(top, e.targets()[n]);
                for (int q = 0; q < 36; q += 5) {
                    double max = 0;
                    for (int c = 0; c < 3; c++) {
                        int i = (n * 3 + c) * 36 + q;
                        float[] up = images.clone(), down = images.clone();
                        up[i] += 1e-2f;
                        down[i] -= 1e-2f;
                        max = Math.max(max, Math.abs((logits(ex, up)[n * 5 + top] - logits(ex, down)[n * 5 + top]) / 2e-2));
                    }
                    assertEquals(max, e.map(n)[q], 2e-3 + 2e-2 * max, "image " + n + " pixel " + q);
                }
            }
        }
    }

    private static float[] logits(Executor ex, float[] images) {
        try (Tensor t = ex.backend().tensor(images, 2, 3, 6, 6)) {
            Map<String, Tensor> out = ex.infer(Map.of("image", t));
            try (Tensor y = out.get("logits")) {
                return y.toArray();
            }
        }
    }

    @Test
    void pyTorchsSaliencyOfATrainedLeNetOnBothBackends() {
        GoldenCase c = ReferenceLeNet.reference("saliency");
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = ReferenceLeNet.model(b, c); Tensor x = b.tensor(c.load("input"), 2, 1, 28, 28)) {
                Explanation e = Saliency.compute(new Executor(m), x, null);
                float[] target = c.load("target");
                assertArrayEquals(new int[] {(int) target[0], (int) target[1]}, e.targets());
                Approx.close(b.device() + " saliency", ReferenceLeNet.expectedMap(c), e.maps(), 1e-3);
                assertTrue(e.probabilities()[0] > 0.1f && e.probabilities()[0] <= 1f);
            }
        }
    }

    @Test
    void imagesThatDoNotFitAreNamed() {
        Backend b = TestBackends.java();
        try (Model m = ReferenceLeNet.model(b, ReferenceLeNet.reference("saliency")); Tensor x = b.zeros(1, 1, 32, 32)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Saliency.compute(new Executor(m), x, null));
            assertTrue(e.getMessage().contains("[1, 1, 32, 32]") && e.getMessage().contains("1, 28, 28]"), e.getMessage());
            try (Tensor ok = b.zeros(1, 1, 28, 28)) {
                e = assertThrows(IllegalArgumentException.class,
                        () -> Saliency.compute(new Executor(m), ok, new int[] {12}));
                assertTrue(e.getMessage().contains("target class 12"), e.getMessage());
            }
        }
    }
}
