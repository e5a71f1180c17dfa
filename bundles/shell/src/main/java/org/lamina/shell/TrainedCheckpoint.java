package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.data.Normalization;
import org.lamina.graph.Network;

/**
 * A checkpoint of {@code lamina train} read for looking inside its network ({@code inspect},
 * {@code dream}): its {@link TrainedModel} (every field checked first) with the class names, the
 * normalization, and the input images read and normalized as {@code predict} reads them.
 *
 * @param checkpoint the file's contents
 * @param network the architecture built for its input shape and classes
 * @param shape the input, {@code [C, H, W]}
 * @param classNames one per class
 * @param normalization what the images were normalized with in training
 */
record TrainedCheckpoint(Checkpoint checkpoint, Network network, int[] shape, List<String> classNames,
        Normalization normalization) {

    static TrainedCheckpoint read(Shell shell, Path file) {
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException("--checkpoint: '' is not a file name");
        }
        TrainedModel m = TrainedModel.read(file, shell.registry());
        return new TrainedCheckpoint(m.checkpoint(), m.network(), m.shape(), m.classNames(),
                new Normalization(m.mean(), m.std()));
    }

    /** The dataset the network learned on, from the metadata. */
    String dataset() {
        return checkpoint.meta(Metadata.DATASET, "");
    }

    /**
     * The image in {@code file} as the network's normalized {@code [C, H, W]} input, gray levels
     * inverted as {@code invert} says (auto: for a model of dark backgrounds given a light one).
     */
    float[] input(String command, Path file, String invert) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(command + ": --input " + file + " is a folder, not an image file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(command + ": " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(command + ": --input " + file + " is not a regular file (a device or a"
                    + " pipe), not an image file");
        }
        BufferedImage image = InputImage.read(file, command);
        float[] px = InputImage.pixels(image, shape[0], shape[1], shape[2]);
        boolean inverted = switch (invert) {
            case "yes" -> true;
            case "no" -> false;
            case "auto" -> dataset().contains("mnist") && InputImage.borderMean(px, shape) > 0.5;
            default -> throw new IllegalArgumentException("--invert: '" + invert + "' is not auto, yes or no");
        };
        if (inverted) {
            for (int i = 0; i < px.length; i++) {
                px[i] = 1 - px[i];
            }
        }
        return normalize(px);
    }

    /** Pixels in [0, 1] ({@code [C, H, W]}) as the network's input. */
    float[] normalize(float[] px) {
        int plane = shape[1] * shape[2];
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            int c = i / plane;
            out[i] = (px[i] - normalization.mean()[c]) / normalization.std()[c];
        }
        return out;
    }
}
