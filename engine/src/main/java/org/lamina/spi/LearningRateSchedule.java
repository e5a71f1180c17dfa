package org.lamina.spi;

import java.util.function.IntToDoubleFunction;
import org.osgi.annotation.versioning.ConsumerType;

/** How the learning rate changes over a run. */
@ConsumerType
public interface LearningRateSchedule extends Plugin {

    /** The name users type, e.g. {@code cosine}. */
    @Override
    String name();

    /**
     * The rate of each epoch (0-based, constant within an epoch) of a run of {@code epochs} epochs
     * from the base rate {@code base}, with these settings: the options are read and checked here,
     * once per run, as {@link Optimizer#create} reads its own.
     *
     * @throws IllegalArgumentException for an unknown option or a value out of range, naming both
     */
    IntToDoubleFunction rates(double base, int epochs, Options options);
}
