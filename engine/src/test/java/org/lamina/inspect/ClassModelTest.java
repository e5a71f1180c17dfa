package org.lamina.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** Class-model visualization raises the class's score, step by step, on either backend. */
class ClassModelTest {
    @Test
    void theClassScoreRisesStepByStep() {
        List<float[]> inputs = new ArrayList<>();
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(SmallNet.network(), b, 5)) {
                Executor ex = new Executor(m);
                List<ClassModel.Step> logged = new ArrayList<>();
                ClassModel cm = ClassModel.optimize(ex, 2, 30, 0.02, 0.01, 1, logged::add);
                assertEquals(cm.steps(), logged);
                assertEquals(30, logged.size());
                int rises = 0, scoreRises = 0;
                for (int i = 1; i < logged.size(); i++) {
                    rises += logged.get(i).objective() > logged.get(i - 1).objective() ? 1 : 0;
                    scoreRises += logged.get(i).score() > logged.get(i - 1).score() ? 1 : 0;
                }
                // steps of a fixed size near a ridge may overshoot now and then: most rise, and the end is far higher
                assertTrue(rises >= 22 && scoreRises >= 25, b.device() + ": the objective rose in " + rises
                        + " and the score in " + scoreRises + " of 29 steps: " + logged);
                assertTrue(logged.get(29).objective() > logged.get(0).objective() + 0.1, logged.toString());
                // the score of the final input, evaluated afresh, is well above that of the start
                double last;
                try (Tensor x = b.tensor(cm.input(), 1, 1, 16, 16)) {
                    Map<String, Tensor> out = ex.infer(Map.of("image", x));
                    try (Tensor y = out.get("logits")) {
                        last = y.toArray()[2];
                    }
                }
                double first = logged.get(0).score();
                assertTrue(last > first + 0.2, b.device() + ": score " + first + " -> " + last);
                assertEquals(16 * 4, cm.image(Normalization.of(0.5f, 0.25f), 4).getWidth());
                inputs.add(cm.input());
            }
        }
        float[] java = inputs.get(0), cl = inputs.get(1);
        double diff = 0, size = 0;
        for (int i = 0; i < java.length; i++) {
            diff = Math.max(diff, Math.abs(java[i] - cl[i]));
            size = Math.max(size, Math.abs(java[i]));
        }
        assertTrue(diff <= 1e-3 * size, "Java and OpenCL ascend alike: " + diff + " of " + size);
    }

    @Test
    void aClassOutOfRangeIsNamed() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 5)) {
            Executor ex = new Executor(m);
            assertEquals("--class: 3 is not a class of small (0 to 2)", assertThrows(IllegalArgumentException.class,
                    () -> ClassModel.optimize(ex, 3, 1, 0.1, 0, 1, s -> { })).getMessage());
        }
    }
}
