package org.lamina.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every kind of plugin service says of itself: the name users type, and one line for
 * listings. The kinds are listed once, in {@code org.lamina.registry.PluginKind}.
 */
@ConsumerType
public interface Plugin {

    /** The name users type; lower case. */
    String name();

    /** One line for listings; empty when there is nothing to say. */
    default String description() {
        return "";
    }
}
