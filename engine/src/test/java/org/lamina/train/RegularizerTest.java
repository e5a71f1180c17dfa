package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/** L2, L1, elastic net and max-norm on both backends, against their formulas; biases left alone. */
class RegularizerTest {

    @Test
    void eachRegularizerFollowsItsFormulaOnBothBackends() {
        Random rnd = new Random(4);
        float[] w = TestData.gaussian(rnd, 6 * 40), g = TestData.gaussian(rnd, 6 * 40);
        w[5] = 0;
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            float[] expectL2 = g.clone(), expectL1 = g.clone(), expectNet = g.clone();
            for (int i = 0; i < w.length; i++) {
                expectL2[i] += 0.1f * w[i];
                expectL1[i] += 0.05f * Math.signum(w[i]);
                expectNet[i] += 0.05f * Math.signum(w[i]) + 0.1f * w[i];
            }
            Approx.close("l2 on " + b.name(), expectL2, apply(b, Regularizer.l2(0.1), w, g, true));
            Approx.close("l1 on " + b.name(), expectL1, apply(b, Regularizer.l1(0.05), w, g, true));
            Approx.close("elastic net on " + b.name(), expectNet, apply(b, Regularizer.elasticNet(0.05, 0.1), w, g, true));
            assertArrayEquals(g, apply(b, Regularizer.l2(0.1), w, g, false), "biases are not regularized");

            try (Tensor tw = b.tensor(w, 6, 4, 10); Tensor tg = b.tensor(g, 6, 4, 10)) {
                Regularizer.maxNorm(2.0).afterStep(b, List.of(new Updater.Param("w", tw, tg, true)));
                float[] out = tw.toArray();
                for (int r = 0; r < 6; r++) {
                    double before = norm(w, r, 40), after = norm(out, r, 40);
                    assertEquals(Math.min(before, 2.0), after, 1e-4, "row " + r + " on " + b.name());
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Regularizer.l1(-1));
        assertThrows(IllegalArgumentException.class, () -> Regularizer.maxNorm(0));
    }

    private static float[] apply(Backend b, Regularizer r, float[] w, float[] g, boolean regularized) {
        try (Tensor tw = b.tensor(w, w.length); Tensor tg = b.tensor(g, g.length)) {
            r.beforeStep(b, List.of(new Updater.Param("w", tw, tg, regularized)));
            return tg.toArray();
        }
    }

    private static double norm(float[] v, int row, int cols) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
            s += (double) v[row * cols + j] * v[row * cols + j];
        }
        return Math.sqrt(s);
    }
}
