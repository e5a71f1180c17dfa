package org.lamina.shell;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.graph.Network;
import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;

/**
 * A checkpoint from {@code lamina train} read and checked for the commands that use a trained model
 * ({@code predict}, {@code explain}, {@code style}, {@code gradcheck}): its architecture built for its input shape and classes, its
 * class names and normalization. Every field is checked before any work, a bad one is one line naming
 * the file and the field.
 */
record TrainedModel(Checkpoint checkpoint, int[] shape, int classes, List<String> classNames, float[] mean,
        float[] std, Network network) {

    static TrainedModel read(Path file, Registry registry) {
        Checkpoint ckpt = Checkpoint.read(file);
        int[] shape = ckpt.sizes("input_shape");
        if (shape.length != 3) {
            throw new IllegalArgumentException("checkpoint " + file + ": metadata input_shape='"
                    + ckpt.meta("input_shape") + "' is not channels,height,width");
        }
        int[] classCount = ckpt.sizes("classes");
        if (classCount.length != 1) {
            throw new IllegalArgumentException("checkpoint " + file + ": metadata classes='"
                    + ckpt.meta("classes") + "' is not one number");
        }
        int classes = classCount[0];
        List<String> names = ckpt.names("class_names", classes);
        float[] mean = ckpt.numbers("normalization_mean"), std = ckpt.numbers("normalization_std");
        ckpt.requireFinite();
        String archName = ckpt.meta("architecture");
        Architecture architecture;
        try {
            architecture = registry.architecture(archName);
        } catch (IllegalArgumentException e) {
            // a plugin no longer installed, or a damaged name: say which checkpoint asks for it
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
        Network net = architecture.build(shape, classes, ckpt.options("architecture_options"));
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
        return new TrainedModel(ckpt, shape, classes, names, mean, std, net);
    }

    /** Whether the model learned on light shapes on a dark background ((Fashion-)MNIST). */
    boolean darkBackground() {
        return checkpoint.meta("dataset", "").contains("mnist");
    }

    /** {@code pixels} ({@code [C, H, W]} in [0, 1]) normalized in place as the model was trained. */
    float[] normalize(float[] pixels) {
        int plane = shape[1] * shape[2];
        for (int c = 0; c < shape[0]; c++) {
            for (int p = 0; p < plane; p++) {
                pixels[c * plane + p] = (pixels[c * plane + p] - mean[c]) / std[c];
            }
        }
        return pixels;
    }

    /** The inverse of {@link #normalize}: network values back to pixels in [0, 1]'s scale, in place. */
    float[] denormalize(float[] values) {
        int plane = shape[1] * shape[2];
        for (int c = 0; c < shape[0]; c++) {
            for (int p = 0; p < plane; p++) {
                values[c * plane + p] = values[c * plane + p] * std[c] + mean[c];
            }
        }
        return values;
    }
}
