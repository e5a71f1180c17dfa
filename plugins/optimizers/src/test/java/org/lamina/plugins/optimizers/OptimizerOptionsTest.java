package org.lamina.plugins.optimizers;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lamina.backend.java.JavaBackend;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/** Options, state kinds, refusing another optimizer's state, and how the plugins are found. */
class OptimizerOptionsTest {
    private static final JavaBackend JAVA = new JavaBackend();

    @Test
    void serviceLoaderAndDeclarativeServicesFindEveryOptimizer() {
        Set<String> names = ServiceLoader.load(Optimizer.class).stream().map(p -> p.get().name())
                .collect(Collectors.toSet());
        assertEquals(Set.of("sgd", "adagrad", "rmsprop", "adam", "adamw"), names);
        for (Class<?> c : List.of(Sgd.class, Adagrad.class, Rmsprop.class, Adam.class, AdamW.class)) {
            // bnd writes a component description for each @Component; the container reads it.
            assertNotNull(c.getResource("/OSGI-INF/" + c.getName() + ".xml"), c.getName() + " has no DS component");
        }
    }

    @Test
    void badOptionsNameTheOptimizerAndTheValue() {
        assertMessage(() -> new Adam().create(Options.parse("beta1=1")), "adam: beta1 1.0 is outside [0, 1)");
        assertMessage(() -> new AdamW().create(Options.parse("momentum=0.9")),
                "adamw: unknown option [momentum]; it takes [amsgrad, beta1, beta2, eps, weight_decay]");
        assertMessage(() -> new Adam().create(Options.parse("amsgrad=true")), "adam: amsgrad=true is not supported");
        assertMessage(() -> new Rmsprop().create(Options.parse("centered=true")),
                "rmsprop: centered=true is not supported");
        assertMessage(() -> new Rmsprop().create(Options.parse("alpha=1.5")), "rmsprop: alpha 1.5 is outside [0, 1)");
        assertMessage(() -> new Adagrad().create(Options.parse("eps=0")), "adagrad: eps 0.0 must be a positive number");
        assertMessage(() -> new Adagrad().create(Options.parse("initial_accumulator_value=-1")),
                "adagrad: initial_accumulator_value -1.0 must be zero or positive");
        assertMessage(() -> new Adagrad().create(Options.parse("lr_decay=x")), "option lr_decay: 'x' is not a number");
    }

    @Test
    void weightDecayLeavesBiasesAlone() {
        for (Optimizer o : List.of(new Adam(), new AdamW(), new Rmsprop(), new Adagrad())) {
            float[][] after = new float[2][];
            for (int k = 0; k < 2; k++) {
                boolean regularized = k == 1;
                try (Updater u = o.create(Options.parse("weight_decay=0.5"));
                        Tensor p = JAVA.tensor(new float[] {1, -2, 3}, 3);
                        // A decay that flips each gradient's sign: the first steps of these rules follow the sign.
                        Tensor g = JAVA.tensor(new float[] {-0.1f, 0.2f, -0.3f}, 3)) {
                    u.step(List.of(new Updater.Param("b", p, g, regularized)), 0.01, 1);
                    after[k] = p.toArray();
                }
            }
            for (int i = 0; i < 3; i++) {
                assertNotEquals(after[0][i], after[1][i], o.name() + ": weight decay must change a weight");
            }
        }
    }

    @Test
    void stateHasPyTorchNamesAndTheOptimizersMark() {
        assertEquals(Set.of("w.exp_avg", "w.exp_avg_sq", "adam.step"), stateAfterOneStep(new Adam(), "").keySet());
        assertEquals(Set.of("w.exp_avg", "w.exp_avg_sq", "adamw.step"), stateAfterOneStep(new AdamW(), "").keySet());
        assertEquals(Set.of("w.square_avg", "rmsprop.step"), stateAfterOneStep(new Rmsprop(), "").keySet());
        assertEquals(Set.of("w.square_avg", "w.momentum_buffer", "rmsprop.step"),
                stateAfterOneStep(new Rmsprop(), "momentum=0.9").keySet());
        assertEquals(Set.of("w.sum", "adagrad.step"), stateAfterOneStep(new Adagrad(), "").keySet());
        assertEquals(Set.of("w.momentum_buffer", "sgd.step"), stateAfterOneStep(new Sgd(), "momentum=0.9").keySet());
        assertEquals(Set.of("w.velocity", "sgd.step"),
                stateAfterOneStep(new Sgd(), "momentum=0.9,convention=caffe").keySet());
        try (Updater u = new Adam().create(Options.empty())) {
            assertTrue(u.state().isEmpty(), "no state before the first step");
        }
    }

    @Test
    void adagradStartsFromTheInitialAccumulator() {
        try (Updater u = new Adagrad().create(Options.parse("initial_accumulator_value=0.25"));
                Tensor p = JAVA.tensor(new float[] {1}, 1); Tensor g = JAVA.tensor(new float[] {0.5f}, 1)) {
            u.step(List.of(new Updater.Param("w", p, g, true)), 0.1, 1);
            assertEquals(0.5f, u.state().get("w.sum").toArray()[0], 0);
            assertEquals(1 - 0.1 * 0.5 / Math.sqrt(0.5), p.toArray()[0], 1e-6);
        }
    }

    @Test
    void restoreRefusesAnotherOptimizersState() {
        assertRefused(new Adam(), "", new AdamW(), "",
                "adamw: the saved optimizer state is adam's, not adamw's; resume with adam or start afresh");
        assertRefused(new Sgd(), "momentum=0.9", new Rmsprop(), "",
                "rmsprop: the saved optimizer state is sgd's, not rmsprop's");
        // Another optimizer's kinds without its mark (a hand-made or older checkpoint): named by kind.
        Map<String, Tensor> state = Map.of("w.exp_avg", JAVA.zeros(2));
        try (Updater u = new Adagrad().create(Options.empty())) {
            assertMessage(() -> u.restore(state), "adagrad: saved state w.exp_avg is not state of adagrad with these "
                    + "options (it keeps [sum] per parameter); the checkpoint was written by another optimizer");
        }
        assertRefused(new Rmsprop(), "momentum=0.9", new Rmsprop(), "",
                "rmsprop: saved state w.momentum_buffer is not state of rmsprop with these options");
        assertRefused(new Sgd(), "momentum=0.9", new Sgd(), "momentum=0.9,convention=caffe",
                "sgd: saved state w.momentum_buffer is not state of sgd with these options (it keeps [velocity]");
    }

    @Test
    void restoredStateMustFitTheParameter() {
        try (Updater u = new Adam().create(Options.empty()); Tensor m = JAVA.zeros(2); Tensor v = JAVA.zeros(2);
                Tensor p = JAVA.zeros(3); Tensor g = JAVA.zeros(3)) {
            u.restore(Map.of("w.exp_avg", m, "w.exp_avg_sq", v));
            assertMessage(() -> u.step(List.of(new Updater.Param("w", p, g, true)), 0.1, 3),
                    "adam: saved state w.exp_avg has shape [2] but the parameter has [3]");
        }
    }

    private static void assertRefused(Optimizer from, String fromOptions, Optimizer to, String toOptions,
            String message) {
        try (Updater a = from.create(Options.parse(fromOptions)); Tensor p = JAVA.tensor(new float[] {1, 2}, 2);
                Tensor g = JAVA.tensor(new float[] {0.5f, -0.5f}, 2); Updater b = to.create(Options.parse(toOptions))) {
            a.step(List.of(new Updater.Param("w", p, g, true)), 0.1, 1);
            assertMessage(() -> b.restore(a.state()), message);
            assertTrue(b.state().isEmpty(), "a refused restore changes nothing");
        }
    }

    private static Map<String, Tensor> stateAfterOneStep(Optimizer o, String options) {
        Updater u = o.create(Options.parse(options));
        try (Tensor p = JAVA.tensor(new float[] {1, 2}, 2); Tensor g = JAVA.tensor(new float[] {0.5f, -0.5f}, 2)) {
            u.step(List.of(new Updater.Param("w", p, g, true)), 0.1, 1);
            return Map.copyOf(u.state());
        }
    }

    private static void assertMessage(Executable e, String start) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(start), "message: " + x.getMessage() + "\nexpected: " + start);
    }
}
