package org.lamina.shell;

import java.nio.file.Path;
import java.util.Arrays;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.graph.Network;
import org.lamina.registry.Registry;

/**
 * A checkpoint's network, built from its metadata with its architecture from the registry, every field
 * checked first so that a bad one is one line naming the file and the field (as {@code predict} does).
 */
record CheckpointNetwork(Checkpoint checkpoint, Network network, int[] inputShape, float[] mean, float[] std) {

    static CheckpointNetwork read(Registry registry, Path file) {
        Checkpoint ckpt = Checkpoint.read(file);
        int[] shape = ckpt.sizes("input_shape");
        if (shape.length != 3) {
            throw new IllegalArgumentException("checkpoint " + file + ": metadata input_shape='" + ckpt.meta("input_shape")
                    + "' is not channels,height,width");
        }
        int[] classes = ckpt.sizes("classes");
        if (classes.length != 1) {
            throw new IllegalArgumentException("checkpoint " + file + ": metadata classes='" + ckpt.meta("classes")
                    + "' is not one number");
        }
        float[] mean = ckpt.numbers("normalization_mean"), std = ckpt.numbers("normalization_std");
        if (mean.length != shape[0] || std.length != shape[0]) {
            throw new IllegalArgumentException("checkpoint " + file + ": its normalization has " + mean.length
                    + " channels but its input shape " + Arrays.toString(shape) + " has " + shape[0]);
        }
        for (float sd : std) {
            if (!(sd > 0)) {
                throw new IllegalArgumentException("checkpoint " + file + ": metadata normalization_std='"
                        + ckpt.meta("normalization_std") + "' has a deviation that is not positive");
            }
        }
        ckpt.requireFinite();
        org.lamina.spi.Architecture architecture;
        try {
            architecture = registry.architecture(ckpt.meta("architecture"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
        Network net = architecture.build(shape, classes[0], ckpt.options("architecture_options"));
        return new CheckpointNetwork(ckpt, net, shape, mean, std);
    }
}
