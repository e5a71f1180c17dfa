package org.lamina.spi;

import org.lamina.graph.Layer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A custom layer type contributed by a plugin: it makes {@link Layer}s (shape rule, parameters,
 * forward and backward, its own kernels) from options.
 */
@ConsumerType
public interface LayerType {

    /** The name graphs use, e.g. {@code swish}. */
    String name();

    default String description() {
        return "";
    }

    /**
     * A layer configured by {@code options}.
     *
     * @throws IllegalArgumentException for unknown or invalid options
     */
    Layer create(Options options);
}
