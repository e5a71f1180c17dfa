package org.lamina.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

class GradCamTest {

    /**
     * With a global average pool and a dense layer after the layer (Zhou et al.'s CAM networks), the
     * class score is {@code sum_c W[t, c] mean(A_c) + b}, so Grad-CAM is exactly
     * {@code relu(sum_c W[t, c] A_c) / (h w)}: computed here from the activations and the weights.
     */
    @Test
    void onAClassActivationMapNetworkGradCamIsTheClassActivationMap() {
        Graph g = new Graph("cam");
        Node x = g.input("image", 2, 6, 6);
        Node f = g.conv2d(x, 3, 3).pad(1).name("features").relu();
        g.output(g.globalAvgPool(f).dense(4).name("logits"));
        Network net = g.build();
        Random rnd = new Random(4);
        float[] images = TestData.gaussian(rnd, 2 * 2 * 36);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(net, b, 7); Tensor t = b.tensor(images, 2, 2, 6, 6)) {
                Executor ex = new Executor(m);
                Explanation e = GradCam.compute(ex, t, "features", new int[] {1, 3});
                float[] a;
                try (Pass pass = ex.inspect(Map.of("image", t), Set.of("features"))) {
                    a = pass.activation("features").toArray();
                }
                float[] w = m.param("logits.weight").toArray();
                float[] expected = new float[2 * 36];
                int[] targets = {1, 3};
                for (int n = 0; n < 2; n++) {
                    for (int q = 0; q < 36; q++) {
                        double s = 0;
                        for (int c = 0; c < 3; c++) {
                            s += w[targets[n] * 3 + c] * a[(n * 3 + c) * 36 + q];
                        }
                        expected[n * 36 + q] = (float) Math.max(s / 36, 0);
                    }
                }
                Approx.close(b.device() + " grad-cam", expected, e.maps(), 1e-5);
                assertArrayEquals(targets, e.targets());
            }
        }
    }

    @Test
    void upsamplingAlignsPixelCentres() {
        // 2 x 2 to 4 x 4: the outer pixels take the corner values, the inner ones interpolate by 1/4 and 3/4.
        float[] up = GradCam.upsample(new float[] {0, 4, 8, 12}, 2, 2, 4, 4);
        assertArrayEquals(new float[] {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12}, up, 1e-6f);
        float[] same = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(same, GradCam.upsample(same, 2, 3, 2, 3));
    }

    @Test
    void layersItCannotUseAreNamedWithThoseItCan() {
        Backend b = TestBackends.java();
        try (Model m = ReferenceLeNet.model(b, ReferenceLeNet.reference("saliency")); Tensor x = b.zeros(1, 1, 28, 28)) {
            Executor ex = new Executor(m);
            var e = assertThrows(IllegalArgumentException.class, () -> GradCam.compute(ex, x, "conv9", null));
            assertTrue(e.getMessage().contains("no layer 'conv9'") && e.getMessage().contains("conv1, pool1, conv2, pool2"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> GradCam.compute(ex, x, "fc1", null));
            assertTrue(e.getMessage().contains("fc1 has activations [120]"), e.getMessage());
            assertEquals("pool2", GradCam.defaultLayer(m.network()));
            Explanation ok = GradCam.compute(ex, x, "conv2", null);
            assertEquals(28, ok.height());
        }
    }
}
