package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.data.Datasets;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.inspect.ClassModel;
import org.lamina.inspect.FeatureMaps;
import org.lamina.inspect.FilterGrid;
import org.lamina.inspect.Layers;
import org.lamina.inspect.TopPatches;
import org.lamina.tensor.Tensor;
import org.lamina.visual.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina inspect}: pictures of what a trained network learned: a convolution's filters, a
 * layer's feature maps for an image, the dataset patches that excite a unit most, the input a class
 * likes best.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = {
    "See inside a network trained by 'lamina train'; writes a PNG to --out.",
    "  filters  the filters of --layer (default: the first convolution)",
    "  maps     the feature maps of --layer for --input",
    "  patches  the --top dataset patches that excite --unit of --layer most, cropped to its receptive field",
    "  class    the input that maximizes the score of --class (L2-regularized gradient ascent)"})
final class InspectCommand implements Callable<Integer> {
    static final List<String> WHATS = List.of("filters", "maps", "patches", "class");

    @ParentCommand
    Shell shell;

    @Parameters(index = "0", paramLabel = "WHAT", description = "filters, maps, patches or class.")
    String what;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The image to write.")
    Path out;

    @Option(names = "--layer", paramLabel = "NAME", description = "A layer's name as 'lamina summary' lists it.")
    String layer;

    @Option(names = "--input", paramLabel = "IMAGE", description = "maps: the image (PNG, JPEG, BMP, GIF).")
    Path input;

    @Option(names = "--invert", defaultValue = "auto", description = "maps: invert gray levels: auto, yes or no "
            + "(as predict). Default: ${DEFAULT-VALUE}.")
    String invert;

    @Option(names = "--unit", paramLabel = "CHANNEL", description = "patches: the channel of --layer.")
    Integer unit;

    @Option(names = "--top", defaultValue = "9", description = "patches: how many. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--data", paramLabel = "DIR", description = "patches: the dataset's folder (default: where "
            + "'lamina train' looks for the checkpoint's dataset).")
    Path data;

    @Option(names = "--limit", defaultValue = "1000", description = "patches: how many test images to search. "
            + "Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--class", paramLabel = "NAME|INDEX", description = "class: the class, by name or index.")
    String klass;

    @Option(names = "--steps", defaultValue = "200", description = "class: gradient ascent steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.01", description = "class: the first step, in normalized pixel units. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--l2", defaultValue = "0.3", description = "class: L2 penalty on the image. Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--scale", defaultValue = "8", description = "Pixels per value in the picture. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Mixin
    TrainedNetworkOptions network;

    @Override
    public Integer call() throws IOException {
        checkValues();
        TrainedCheckpoint tc = TrainedCheckpoint.read(shell, network.checkpoint);
        // names and numbers the network decides are checked before a device is opened
        switch (what) {
            case "filters" -> {
                if (layer != null) {
                    Layers.layer(tc.network(), layer);
                }
            }
            case "maps" -> Layers.spatial(tc.network(), required("--layer", layer));
            case "patches" -> Layers.requireChannel(Layers.layer(tc.network(), required("--layer", layer)),
                    required("--unit", unit));
            default -> classIndex(tc);
        }
        try (StrictOption.Scope strictScope = network.strictMode.apply();
                Backend backend = Backends.open(network.device);
                Model model = new Model(tc.network(), backend, 0)) {
            tc.checkpoint().loadInto(model);
            Executor exec = new Executor(model);
            BufferedImage picture = switch (what) {
                case "filters" -> filters(model);
                case "maps" -> maps(tc, exec);
                case "patches" -> patches(tc, exec);
                default -> classModel(tc, exec);
            };
            Images.writePng(picture, out);
        }
        System.out.println("wrote " + out);
        return 0;
    }

    private BufferedImage filters(Model model) {
        FilterGrid g = layer == null ? FilterGrid.first(model) : FilterGrid.of(model, layer);
        System.out.printf("%s: %d filters of %d x %d x %d, weights in [%.4g, %.4g]%n", g.layer(), g.filters(),
                g.channels(), g.kernelH(), g.kernelW(), -g.range(), g.range());
        return Images.captioned(g.image(scale, 2), g.layer() + " filters (grey = 0, white = +" + String.format("%.3g",
                g.range()) + ")");
    }

    private BufferedImage maps(TrainedCheckpoint tc, Executor exec) {
        float[] x = tc.input("inspect", required("--input", input), invert);
        int[] s = tc.shape();
        try (Tensor t = exec.backend().tensor(x, 1, s[0], s[1], s[2])) {
            FeatureMaps m = FeatureMaps.of(exec, t, layer);
            System.out.printf("%s: %d maps of %d x %d%n", layer, m.channels(), m.height(), m.width());
            return Images.captioned(m.image(Math.max(1, scale * s[1] / Math.max(1, m.height()) / 2), 2),
                    layer + " for " + input.getFileName());
        }
    }

    private BufferedImage patches(TrainedCheckpoint tc, Executor exec) {
        String dataset = tc.dataset();
        if (dataset.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + network.checkpoint + " names no dataset to search for patches");
        }
        ImageDataset test = Datasets.load(dataset, data, 1, limit).test();
        TopPatches p = TopPatches.find(exec, test, tc.normalization(), layer, unit, top, 64);
        System.out.printf("%s channel %d: receptive field %s, the %d strongest of %d %s images:%n", layer, unit,
                p.field().global() ? "the whole image" : p.field().rows() + "x" + p.field().columns(),
                p.patches().size(), test.count(), dataset);
        for (TopPatches.Patch q : p.patches()) {
            System.out.printf("  image %d (%s) at (%d, %d): %.4f, pixels rows %d..%d, columns %d..%d%n", q.image(),
                    tc.classNames().get(q.label()), q.y(), q.x(), q.value(), q.top(), q.top() + q.rows() - 1,
                    q.left(), q.left() + q.columns() - 1);
        }
        return p.image(tc.classNames(), scale);
    }

    private BufferedImage classModel(TrainedCheckpoint tc, Executor exec) {
        int k = classIndex(tc);
        String name = tc.classNames().get(k);
        int every = Math.max(1, steps / 20);
        ClassModel cm = ClassModel.optimize(exec, k, steps, lr, l2, 0, s -> {
            if (s.step() == 1 || s.step() % every == 0 || s.step() == steps) {
                System.out.printf("step %d/%d: score of %s %.4f, objective %.4f%n", s.step(), steps, name, s.score(),
                        s.objective());
            }
        });
        return Images.captioned(cm.image(tc.normalization(), scale), "class " + k + " (" + name + ")");
    }

    /** {@code --class} as an index: a class name of the checkpoint, or a number. */
    private int classIndex(TrainedCheckpoint tc) {
        String given = required("--class", klass);
        int k = tc.classNames().indexOf(given);
        if (k < 0) {
            try {
                k = Integer.parseInt(given.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--class: '" + given + "' is neither a class of the checkpoint ("
                        + String.join(", ", tc.classNames()) + ") nor an index 0 to " + (tc.classNames().size() - 1));
            }
            if (k < 0 || k >= tc.classNames().size()) {
                throw new IllegalArgumentException("--class: " + k + " is not a class index (0 to "
                        + (tc.classNames().size() - 1) + ")");
            }
        }
        return k;
    }

    /** Refuses what would be ignored or misread, naming the option and the value. */
    private void checkValues() {
        if (!WHATS.contains(what)) {
            throw new IllegalArgumentException("inspect: '" + what + "' is not one of " + String.join(", ", WHATS));
        }
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("--out: '' is not a file name");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a folder; give the PNG file to write");
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("--scale: " + scale + " is not a number of pixels per value (1 to 64)");
        }
        List<String> unused = new ArrayList<>();
        unusedUnless(unused, input != null, "--input", "maps");
        unusedUnless(unused, unit != null, "--unit", "patches");
        unusedUnless(unused, data != null, "--data", "patches");
        unusedUnless(unused, klass != null, "--class", "class");
        if (layer != null && what.equals("class")) {
            unused.add("--layer is not for 'inspect class' (the class's score is the network's output)");
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("inspect " + what + ": " + String.join("; ", unused));
        }
        if (what.equals("patches")) {
            if (top < 1 || top > 100) {
                throw new IllegalArgumentException("--top: " + top + " is not a number of patches (1 to 100)");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("--limit: " + limit + " is not a number of images (give 1 or more)");
            }
            if (data != null && Files.exists(data) && !Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data: " + data + " is a file, not a folder (give the folder"
                        + " that holds the dataset's files)");
            }
        }
        if (what.equals("class")) {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps: " + steps + " is not a number of steps (give 1 or more)");
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("--lr: " + lr + " is not a step size (give a positive number)");
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("--l2: " + l2 + " is not a strength (give 0 for none, or more)");
            }
        }
    }

    private void unusedUnless(List<String> unused, boolean given, String option, String user) {
        if (given && !what.equals(user)) {
            unused.add(option + " is for 'inspect " + user + "' only");
        }
    }

    private <T> T required(String option, T value) {
        if (value == null) {
            throw new IllegalArgumentException("inspect " + what + " needs " + option);
        }
        return value;
    }
}
