package org.lamina.registry;

import org.lamina.spi.Architecture;
import org.lamina.spi.LayerType;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Plugin;

/**
 * The kinds of service plugins provide, each with its interface and the words for it: the one list
 * the registry, the container's tracker and the commands go by.
 */
public enum PluginKind {
    ARCHITECTURE(Architecture.class, "architecture", "architecture"),
    LOSS(Loss.class, "loss", "loss"),
    OPTIMIZER(Optimizer.class, "optimizer", "optimizer"),
    SCHEDULE(LearningRateSchedule.class, "schedule", "learning-rate schedule"),
    LAYER_TYPE(LayerType.class, "layer type", "layer type");

    private final Class<? extends Plugin> type;
    private final String label;
    private final String noun;

    PluginKind(Class<? extends Plugin> type, String label, String noun) {
        this.type = type;
        this.label = label;
        this.noun = noun;
    }

    /** The service interface plugins implement. */
    public Class<? extends Plugin> type() {
        return type;
    }

    /** The short word in listings: {@code schedule}. */
    public String label() {
        return label;
    }

    /** The word in messages: {@code learning-rate schedule}. */
    public String noun() {
        return noun;
    }

    /**
     * The kind whose interface is {@code type}.
     *
     * @throws IllegalArgumentException when {@code type} is no kind of plugin service
     */
    public static PluginKind of(Class<?> type) {
        for (PluginKind k : values()) {
            if (k.type == type) {
                return k;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a kind of Lamina plugin service");
    }
}
