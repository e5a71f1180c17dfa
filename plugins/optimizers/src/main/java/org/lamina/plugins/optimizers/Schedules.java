package org.lamina.plugins.optimizers;

import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/** The learning-rate schedules: constant, step, exponential, cosine. */
public final class Schedules {
    private Schedules() {
    }

    /** The base rate throughout. */
    @Component(service = LearningRateSchedule.class)
    public static final class Constant implements LearningRateSchedule {
        @Override
        public String name() {
            return "constant";
        }

        @Override
        public String description() {
            return "the base rate throughout";
        }

        @Override
        public IntToDoubleFunction rates(double base, int epochs, Options o) {
            o.requireOnly(name(), Set.of());
            return epoch -> base;
        }
    }

    /** Multiplied by {@code gamma} (0.1) every {@code step_size} (30) epochs, as {@code StepLR}. */
    @Component(service = LearningRateSchedule.class)
    public static final class Step implements LearningRateSchedule {
        @Override
        public String name() {
            return "step";
        }

        @Override
        public String description() {
            return "times gamma every step_size epochs (step_size=30, gamma=0.1)";
        }

        @Override
        public IntToDoubleFunction rates(double base, int epochs, Options o) {
            o.requireOnly(name(), Set.of("step_size", "gamma"));
            int size = o.integer("step_size", 30);
            double gamma = o.number("gamma", 0.1);
            if (size < 1 || !(gamma > 0)) {
                throw new IllegalArgumentException(name() + " schedule: step_size " + size + " and gamma " + gamma
                        + " must be positive");
            }
            return epoch -> base * Math.pow(gamma, epoch / size);
        }
    }

    /** Multiplied by {@code gamma} (0.95) every epoch, as {@code ExponentialLR}. */
    @Component(service = LearningRateSchedule.class)
    public static final class Exponential implements LearningRateSchedule {
        @Override
        public String name() {
            return "exponential";
        }

        @Override
        public String description() {
            return "times gamma every epoch (gamma=0.95)";
        }

        @Override
        public IntToDoubleFunction rates(double base, int epochs, Options o) {
            o.requireOnly(name(), Set.of("gamma"));
            double gamma = o.number("gamma", 0.95);
            if (!(gamma > 0)) {
                throw new IllegalArgumentException(name() + " schedule: gamma " + gamma + " must be positive");
            }
            return epoch -> base * Math.pow(gamma, epoch);
        }
    }

    /** Cosine annealing from the base rate to {@code eta_min} (0) over the run, as {@code CosineAnnealingLR}. */
    @Component(service = LearningRateSchedule.class)
    public static final class Cosine implements LearningRateSchedule {
        @Override
        public String name() {
            return "cosine";
        }

        @Override
        public String description() {
            return "cosine annealing to eta_min over the run (eta_min=0)";
        }

        @Override
        public IntToDoubleFunction rates(double base, int epochs, Options o) {
            o.requireOnly(name(), Set.of("eta_min"));
            double min = o.number("eta_min", 0);
            if (!(min >= 0) || min > base) {
                throw new IllegalArgumentException(name() + " schedule: eta_min " + min + " must be in [0, " + base + "]");
            }
            return epoch -> min + (base - min) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
        }
    }
}
