package org.lamina.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** How the learning rate changes over a run. */
@ConsumerType
public interface LearningRateSchedule {

    /** The name users type, e.g. {@code cosine}. */
    String name();

    /**
     * The rate for {@code epoch} (0-based) of {@code epochs}, given the base rate; constant within an
     * epoch.
     */
    double rate(double base, int epoch, int epochs, Options options);
}
