package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina predict}: classifies an image file with a trained checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify an image (PNG, JPEG, BMP, GIF) with a checkpoint from 'lamina train'.")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;


    @Option(names = "--checkpoint", required = true, paramLabel = "FILE")
    Path checkpoint;

    @Option(names = "--input", required = true, paramLabel = "IMAGE")
    Path input;

    @Option(names = "--top", defaultValue = "5", description = "How many classes to list. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--invert", defaultValue = "auto", description = "Invert gray levels: auto (when the background "
            + "is light but the model learned on dark backgrounds, like (Fashion-)MNIST), yes or no.")
    String invert;

    @Option(names = "--device", paramLabel = "D")
    String device;

    @Mixin
    StrictOption strictMode;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new IllegalArgumentException("--top: " + top + " is not a number of classes to list (give 1 or more)");
        }
        TrainedModel trained = TrainedModel.read(checkpoint, shell.registry());
        Checkpoint ckpt = trained.checkpoint();
        int[] shape = trained.shape();
        List<String> names = trained.classNames();
        float[] mean = trained.mean(), std = trained.std();
        Network net = trained.network();
        if (Files.isDirectory(input)) {
            throw new IllegalArgumentException("predict: --input " + input + " is a folder, not an image file");
        }
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("predict: " + input + " does not exist");
        }
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("predict: --input " + input + " is not a regular file (a device or a"
                    + " pipe), not an image file");
        }
        float[] logits;
        try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device); Model model = new Model(net, backend, 0)) {
            ckpt.loadInto(model); // a checkpoint that does not fit the architecture fails here, before any work
            float[] pixels = preprocess(ckpt, shape, mean, std);
            try (Tensor x = backend.tensor(pixels, 1, shape[0], shape[1], shape[2])) {
                Map<String, Tensor> out = new Executor(model).infer(Map.of(net.inputs().get(0), x));
                try (Tensor y = out.get(net.outputs().get(0))) {
                    logits = y.toArray();
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            order.add(i);
            p[i] /= sum;
        }
        order.sort(Comparator.comparingDouble(i -> -p[i]));
        System.out.printf("%s: %s (%.1f%%)%s%n", input.getFileName(), names.get(order.get(0)), 100 * p[order.get(0)],
                inverted ? "  [gray levels inverted to match the training data]" : "");
        for (int k = 0; k < Math.min(top, order.size()); k++) {
            int i = order.get(k);
            System.out.printf("  %d. %-14s %6.2f%%%n", k + 1, names.get(i), 100 * p[i]);
        }
        return 0;
    }

    private boolean inverted;

    /** The input image as the model's normalized {@code [C, H, W]} values. */
    private float[] preprocess(Checkpoint ckpt, int[] shape, float[] mean, float[] std) throws IOException {
        BufferedImage image = InputImage.read(input);
        boolean darkBackgroundModel = ckpt.meta(Metadata.DATASET, "").contains("mnist");
        float[] pixels = InputImage.pixels(image, shape[0], shape[1], shape[2]);
        inverted = switch (invert) {
            case "yes" -> true;
            case "no" -> false;
            case "auto" -> darkBackgroundModel && InputImage.borderMean(pixels, shape) > 0.5;
            default -> throw new IllegalArgumentException("--invert: '" + invert + "' is not auto, yes or no");
        };
        if (inverted) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 1 - pixels[i];
            }
        }
        int plane = shape[1] * shape[2];
        for (int c = 0; c < shape[0]; c++) {
            for (int p = 0; p < plane; p++) {
                pixels[c * plane + p] = (pixels[c * plane + p] - mean[c]) / std[c];
            }
        }
        return pixels;
    }
}
