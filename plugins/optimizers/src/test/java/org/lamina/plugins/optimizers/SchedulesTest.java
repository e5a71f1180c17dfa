package org.lamina.plugins.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Options;

/** The schedules' rates over a run, as PyTorch's StepLR, ExponentialLR and CosineAnnealingLR define them. */
class SchedulesTest {

    @Test
    void stepMultipliesByGammaEveryStepSizeEpochs() {
        IntToDoubleFunction r = new Schedules.Step().rates(0.5, 10, Options.parse("step_size=3,gamma=0.5"));
        assertEquals(0.5, r.applyAsDouble(0));
        assertEquals(0.5, r.applyAsDouble(2));
        assertEquals(0.25, r.applyAsDouble(3));
        assertEquals(0.0625, r.applyAsDouble(9));
    }

    @Test
    void exponentialAndConstant() {
        IntToDoubleFunction e = new Schedules.Exponential().rates(2, 5, Options.parse("gamma=0.5"));
        assertEquals(2, e.applyAsDouble(0));
        assertEquals(0.25, e.applyAsDouble(3));
        IntToDoubleFunction c = new Schedules.Constant().rates(0.1, 5, Options.parse(""));
        assertEquals(0.1, c.applyAsDouble(4));
    }

    @Test
    void cosineAnnealsFromTheBaseToEtaMin() {
        IntToDoubleFunction r = new Schedules.Cosine().rates(1, 4, Options.parse("eta_min=0.2"));
        assertEquals(1, r.applyAsDouble(0), 1e-12);
        assertEquals(0.6, r.applyAsDouble(2), 1e-12, "half-way: the mean of base and eta_min");
        assertEquals(0.2 + 0.8 * (1 + Math.cos(Math.PI / 4)) / 2, r.applyAsDouble(1), 1e-12);
    }

    @Test
    void optionsAreCheckedWhenTheRatesAreMadeNotPerEpoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Schedules.Step().rates(0.1, 3, Options.parse("step_size=0")));
        assertEquals("step schedule: step_size 0 and gamma 0.1 must be positive", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Schedules.Cosine().rates(0.1, 3, Options.parse("eta_min=0.5")));
        assertThrows(IllegalArgumentException.class,
                () -> new Schedules.Constant().rates(0.1, 3, Options.parse("gamma=0.5")));
    }

    @Test
    void everyScheduleDescribesItself() {
        for (LearningRateSchedule s : List.of(new Schedules.Constant(), new Schedules.Step(), new Schedules.Exponential(),
                new Schedules.Cosine())) {
            assertFalse(s.description().isBlank(), s.name());
            assertTrue(s.name().equals(s.name().toLowerCase(Locale.ROOT)), s.name());
        }
    }
}
