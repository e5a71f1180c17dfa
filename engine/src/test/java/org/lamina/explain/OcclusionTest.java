package org.lamina.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.golden.GoldenCase;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

class OcclusionTest {

    /** The class probabilities of one image, by plain inference. */
    private static float[] probabilities(Executor ex, float[] image) {
        try (Tensor t = ex.backend().tensor(image, 1, 1, 28, 28)) {
            Map<String, Tensor> out = ex.infer(Map.of("image", t));
            try (Tensor y = out.get("fc3")) {
                return Scores.probabilities(y.toArray(), 1);
            }
        }
    }

    @Test
    void theMapIsTheMeanProbabilityDropOfThePatchesCoveringEachPixel() {
        GoldenCase c = ReferenceLeNet.reference("saliency");
        Occlusion occlusion = new Occlusion(7, 4, 0f);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            float[] images = c.load("input");
            try (Model m = ReferenceLeNet.model(b, c); Tensor x = b.tensor(images, 2, 1, 28, 28)) {
                Executor ex = new Executor(m);
                Explanation e = occlusion.compute(ex, x, null);
                Random rnd = new Random(3);
                for (int n = 0; n < 2; n++) {
                    float[] image = Arrays.copyOfRange(images, n * 784, (n + 1) * 784);
                    int t = e.targets()[n];
                    double base = probabilities(ex, image)[t];
                    assertEquals(base, e.probabilities()[n], 1e-5);
                    int[] pixels = {0, 27, 27 * 28 + 27, 14 * 28 + 13, rnd.nextInt(784), rnd.nextInt(784)};
                    for (int q : pixels) {
                        int py = q / 28, px = q % 28;
                        double sum = 0;
                        int count = 0;
                        // Patches start at 0, 4, ..., 24 and are cut at the edge: recompute every one covering q.
                        for (int y0 = 0; y0 < 28; y0 += 4) {
                            for (int x0 = 0; x0 < 28; x0 += 4) {
                                if (py < y0 || py >= y0 + 7 || px < x0 || px >= x0 + 7) {
                                    continue;
                                }
                                float[] hidden = image.clone();
                                for (int y = y0; y < Math.min(28, y0 + 7); y++) {
                                    for (int xx = x0; xx < Math.min(28, x0 + 7); xx++) {
                                        hidden[y * 28 + xx] = 0f;
                                    }
                                }
                                sum += base - probabilities(ex, hidden)[t];
                                count++;
                            }
                        }
                        assertTrue(count > 0);
                        assertEquals(sum / count, e.map(n)[q], 1e-5, b.device() + " image " + n + " pixel " + q);
                    }
                }
                boolean nonZero = false;
                for (float v : e.maps()) {
                    nonZero |= Math.abs(v) > 1e-3;
                }
                assertTrue(nonZero, "hiding parts of a garment changes the trained net's mind somewhere");
            }
        }
    }

    @Test
    void patchesAndStridesThatCannotWorkAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Occlusion(4, 5, 0f));
        assertTrue(e.getMessage().contains("stride 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Occlusion(0, 1, 0f));
        assertTrue(e.getMessage().contains("patch size 0"), e.getMessage());
        Backend b = TestBackends.java();
        try (Model m = ReferenceLeNet.model(b, ReferenceLeNet.reference("saliency")); Tensor x = b.zeros(1, 1, 28, 28)) {
            e = assertThrows(IllegalArgumentException.class, () -> new Occlusion(29, 3, 0f).compute(new Executor(m), x, null));
            assertTrue(e.getMessage().contains("larger than the image, 28 x 28"), e.getMessage());
        }
    }
}
