package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Labels checked on the host as they are made: the same losses, and the same errors, as any labels. */
class ClassLabelsTest {

    @Test
    void lossesOfCheckedLabelsEqualThoseOfPlainLabels() {
        Random rnd = new Random(3);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            int n = 37, classes = 10;
            float[] logits = new float[n * classes];
            int[] labels = new int[n];
            float[] plain = new float[n];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) rnd.nextGaussian() * 3;
            }
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(classes);
                plain[i] = labels[i];
            }
            try (Tensor x = b.tensor(logits, n, classes); Tensor checked = ClassLabels.tensor(b, labels, classes);
                    Tensor unchecked = b.tensor(plain, n);
                    LossOps.Result r1 = new SoftmaxCrossEntropy().forward(x, checked);
                    LossOps.Result r2 = new SoftmaxCrossEntropy().forward(x, unchecked)) {
                assertArrayEquals(plain, checked.toArray(), b.device());
                assertArrayEquals(r2.loss().toArray(), r1.loss().toArray(), b.device());
                assertArrayEquals(r2.gradInput().toArray(), r1.gradInput().toArray(), b.device());
                assertArrayEquals(labels, ClassLabels.indices("test", checked, classes));
                assertArrayEquals(labels, ClassLabels.indices("test", unchecked, classes));
            }
        }
    }

    @Test
    void badLabelsAreNamed() {
        Backend b = TestBackends.java();
        var e = assertThrows(IllegalArgumentException.class, () -> ClassLabels.tensor(b, new int[] {1, 10}, 10));
        assertEquals("class labels: labels[1] = 10 is outside [0, 10) (10 classes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClassLabels.tensor(b, new int[] {-1}, 10));
        assertTrue(e.getMessage().contains("labels[0] = -1"), e.getMessage());
        // checked for 10 classes, given to a loss over 5: the loss names the label
        try (Tensor y = ClassLabels.tensor(b, new int[] {0, 7}, 10); Tensor x = b.zeros(2, 5)) {
            e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().forward(x, y));
            assertTrue(e.getMessage().contains("labels[1] = 7 is outside [0, 5)"), e.getMessage());
        }
    }
}
