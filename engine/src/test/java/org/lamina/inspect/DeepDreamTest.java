package org.lamina.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.testing.TestBackends;

/** DeepDream raises its layer's objective step by step, through octaves and jitter, on either backend. */
class DeepDreamTest {
    static final Normalization NORM = Normalization.of(0.3f, 0.3f);

    static float[] start() {
        Random r = new Random(2);
        float[] x = new float[256];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.3f;
        }
        return x;
    }

    @Test
    void theObjectiveRisesStepByStepWithoutJitter() {
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(SmallNet.network(), b, 5)) {
                List<DeepDream.Step> log = new ArrayList<>();
                DeepDream d = DeepDream.run(new Executor(m), start(), "conv2", null, NORM,
                        new DeepDream.Settings(1, 1.4, 20, 0.02, 0, 1), log::add);
                assertEquals(d.steps(), log);
                int rises = 0;
                for (int i = 1; i < log.size(); i++) {
                    rises += log.get(i).objective() > log.get(i - 1).objective() ? 1 : 0;
                }
                assertTrue(rises >= 17, b.device() + ": rose in " + rises + " of 19 steps: " + log);
                assertTrue(log.get(19).objective() > 2 * log.get(0).objective(), b.device() + ": " + log);
                // the dream's pixels stay pixels: [0, 1] once un-normalized
                for (float v : d.input()) {
                    assertTrue(v >= -1f - 1e-6f && v <= (1 - 0.3f) / 0.3f + 1e-5f, "pixel " + v);
                }
            }
        }
    }

    @Test
    void octavesAndJitterStillClimbAndAChannelCanBeChosen() {
        try (Model m = new Model(SmallNet.network(), TestBackends.java(), 5)) {
            List<DeepDream.Step> log = new ArrayList<>();
            DeepDream d = DeepDream.run(new Executor(m), start(), "conv2", 3, NORM,
                    new DeepDream.Settings(3, 1.4, 8, 0.02, 1, 7), log::add);
            assertEquals(24, log.size());
            assertArrayEquals(new int[] {8, 8}, new int[] {log.get(0).height(), log.get(0).width()}, "16 / 1.4^2");
            assertEquals(16, log.get(23).height());
            for (int o = 1; o <= 3; o++) {
                int octave = o;
                List<DeepDream.Step> steps = log.stream().filter(s -> s.octave() == octave).toList();
                assertTrue(steps.get(steps.size() - 1).objective() > steps.get(0).objective(), "octave " + o + ": " + steps);
            }
            assertTrue(log.get(23).objective() > 2 * log.get(0).objective(), log.toString());
            assertEquals(32, d.image(NORM, 2).getWidth());
            assertEquals("--unit: conv2 has channels 0 to 5; 6 is not one of them", assertThrows(
                    IllegalArgumentException.class, () -> DeepDream.run(new Executor(m), start(), "conv2", 6, NORM,
                            new DeepDream.Settings(1, 1.4, 1, 0.02, 0, 1), s -> { })).getMessage());
        }
    }

    @Test
    void theResizesAdjointIsItsTranspose() {
        Random r = new Random(4);
        Resample up = new Resample(2, 5, 7, 11, 16);
        float[] u = new float[2 * 5 * 7], g = new float[2 * 11 * 16];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
        }
        float[] ru = up.apply(u), rtg = up.adjoint(g);
        double a = 0, b = 0;
        for (int i = 0; i < g.length; i++) {
            a += (double) ru[i] * g[i];
        }
        for (int i = 0; i < u.length; i++) {
            b += (double) u[i] * rtg[i];
        }
        assertEquals(a, b, 1e-4 * (Math.abs(a) + 1));
        // a constant stays constant, and the same size is the identity
        float[] ones = new float[70];
        Arrays.fill(ones, 3f);
        for (float v : up.apply(ones)) {
            assertEquals(3f, v, 1e-6f);
        }
        assertArrayEquals(u, new Resample(2, 5, 7, 5, 7).apply(u));
        float[] rolled = DeepDream.roll(u, 2, 5, 7, 2, -3);
        assertEquals(u[(1 * 5 + 1) * 7 + 4], rolled[(1 * 5 + 3) * 7 + 1]);
        assertArrayEquals(u, DeepDream.roll(rolled, 2, 5, 7, -2, 3));
    }
}
