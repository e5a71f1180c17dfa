package org.lamina.spi;

/**
 * What every kind of plugin service says of itself: the name users type, and one line for
 * listings. The kinds are listed once, in {@code org.lamina.registry.PluginKind}.
 */
public interface Plugin {

    /** The name users type; lower case. */
    String name();

    /** One line for listings; empty when there is nothing to say. */
    default String description() {
        return "";
    }
}
