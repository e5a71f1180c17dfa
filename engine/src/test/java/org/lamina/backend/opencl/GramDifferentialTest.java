package org.lamina.backend.opencl;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.opencl.TestShapes;
import org.lamina.ops.ContentLoss;
import org.lamina.ops.GramMatrix;
import org.lamina.ops.StyleLoss;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL Gram matrix (GEMM products and the symmetrizing kernel) and
 * of the style and content losses with the Java reference: batch, channels and feature-map sizes
 * mostly off the GEMM's tiles, a few large (the style layers of a VGG on CIFAR-size images).
 */
class GramDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(120, 12);

    @Test
    void openClMatchesTheJavaReference() {
        OpenClBackend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(20261207);
        int large = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            boolean big = i % 10 == 0 && !TestShapes.small();
            int n = 1 + rnd.nextInt(3), c = 1 + rnd.nextInt(big ? 64 : 13);
            int h = 1 + rnd.nextInt(big ? 32 : 9), w = 1 + rnd.nextInt(big ? 32 : 9);
            large += big ? 1 : 0;
            String what = n + "x" + c + "x" + h + "x" + w;
            float[] x = gaussian(rnd, n * c * h * w), dg = gaussian(rnd, n * c * c);
            float[] t = gaussian(rnd, n * c * h * w);
            double weight = 0.5 + rnd.nextDouble() * 10;
            Run ref = run(java, n, c, h, w, x, dg, t, weight);
            Run got = run(cl, n, c, h, w, x, dg, t, weight);
            close("gram " + what, ref.g, got.g);
            close("gram grad_input " + what, ref.dx, got.dx);
            close("style loss " + what, ref.style, got.style);
            close("style grad_input " + what, ref.dStyle, got.dStyle);
            close("content loss " + what, ref.content, got.content);
            close("content grad_input " + what, ref.dContent, got.dContent);
        }
        assertTrue(TestShapes.small() || large >= 10, "coverage: large " + large);
    }

    record Run(float[] g, float[] dx, float[] style, float[] dStyle, float[] content, float[] dContent) {
    }

    static Run run(Backend b, int n, int c, int h, int w, float[] x, float[] dg, float[] t, double weight) {
        GramMatrix gram = new GramMatrix();
        try (Tensor xt = b.tensor(x, n, c, h, w); Tensor dgt = b.tensor(dg, n, c, c); Tensor tt = b.tensor(t, n, c, h, w);
                Tensor g = gram.forward(xt); Tensor dx = gram.backward(xt, dgt);
                LossOps.Result s = new StyleLoss(weight).forwardFeatures(xt, tt);
                LossOps.Result ct = new ContentLoss(weight).forward(xt, tt)) {
            return new Run(g.toArray(), dx.toArray(), s.loss().toArray(), s.gradInput().toArray(), ct.loss().toArray(),
                    ct.gradInput().toArray());
        }
    }

    @Test
    void badShapesAreNamedErrors() {
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Tensor x3 = b.zeros(2, 3, 4); Tensor x = b.zeros(1, 2, 3, 3); Tensor dg = b.zeros(1, 3, 3);
                    Tensor other = b.zeros(1, 3, 3, 3)) {
                var e = assertThrows(IllegalArgumentException.class, () -> new GramMatrix().forward(x3));
                assertTrue(e.getMessage().startsWith("gram_matrix: input must have 4 dimensions"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> new GramMatrix().backward(x, dg));
                assertTrue(e.getMessage().contains("grad_output"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> new StyleLoss(1).forwardFeatures(x, other));
                assertTrue(e.getMessage().startsWith("style_loss: "), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> new StyleLoss(-1));
                assertTrue(e.getMessage().contains("weight -1.0"), e.getMessage());
            }
        }
    }
}
