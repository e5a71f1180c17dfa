package org.lamina.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named optimization method (SGD with momentum, Adam, ...): a factory of {@link Updater}s, one
 * per training run, configured by options such as {@code momentum=0.9,weight_decay=5e-4}.
 */
@ConsumerType
public interface Optimizer {

    /** The name users type, e.g. {@code sgd}. */
    String name();

    default String description() {
        return "";
    }

    /**
     * The update rule with these settings.
     *
     * @throws IllegalArgumentException for an unknown option or a value out of range, naming both
     */
    Updater create(Options options);
}
