package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.data.Datasets;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.explain.Explanation;
import org.lamina.explain.GradCam;
import org.lamina.explain.GuidedBackprop;
import org.lamina.explain.Occlusion;
import org.lamina.explain.Saliency;
import org.lamina.tensor.Tensor;
import org.lamina.visual.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina explain}: why a checkpoint classifies images as it does. For image files or test
 * images of a dataset, each method's maps (org.lamina.explain) drawn as heat maps over the images,
 * beside them, with the predicted classes: one PNG per method in {@code --out}.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Show what a checkpoint looks at: "
        + "saliency, guided backpropagation, deconvnet, occlusion and Grad-CAM maps over images (one PNG per method).")
final class ExplainCommand implements Callable<Integer> {
    static final List<String> METHODS = List.of(Saliency.NAME, GuidedBackprop.GUIDED, GuidedBackprop.DECONVNET,
            Occlusion.NAME, GradCam.NAME);
    /** Images are drawn at least this many pixels high, so that a 28 x 28 digit is visible. */
    static final int MIN_SIDE = 112;

    @ParentCommand
    Shell shell;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint from 'lamina train'.")
    Path checkpoint;

    @Option(names = "--input", paramLabel = "IMAGE", description = "An image file (PNG, JPEG, BMP, GIF) to explain; "
            + "repeat for several.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--dataset", description = "Explain the first --count test images of fashion-mnist, mnist or "
            + "cifar-10 instead.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the dataset's files (default: where "
            + "Debian installs it).")
    Path data;

    @Option(names = "--count", defaultValue = "8", description = "How many test images of --dataset. Default: "
            + "${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--method", defaultValue = "all", split = ",", paramLabel = "M",
            description = "saliency, guided, deconvnet, occlusion, gradcam, or all. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--layer", description = "Grad-CAM's layer (default: the last with [C, H, W] activations).")
    String layer;

    @Option(names = "--patch", paramLabel = "PIXELS", description = "Occlusion's patch side (default: a quarter of "
            + "the image's smaller side).")
    Integer patch;

    @Option(names = "--stride", paramLabel = "PIXELS", description = "Occlusion's step (default: half the patch).")
    Integer stride;

    @Option(names = "--out", defaultValue = "explain", paramLabel = "DIR", description = "Where the PNGs go. "
            + "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resize", description = "Scale image files of another size to the model's input, as predict "
            + "does (without it such a file is an error).")
    boolean resize;

    @Option(names = "--invert", defaultValue = "auto", description = "Invert gray levels of image files: auto (a "
            + "light background for a model of dark ones, like (Fashion-)MNIST), yes or no.")
    String invert;

    @Option(names = "--device", paramLabel = "D", description = "Device index, type (gpu, cpu, accelerator), name "
            + "substring, or 'java'. Default: LAMINA_DEVICE, else the first GPU, else the first CPU.")
    String device;

    @Mixin
    StrictOption strictMode;

    /** The images to explain: values in [0, 1] as the model sees them before normalization, with labels. */
    record Batch(float[] pixels, int count, List<String> labels) {
    }

    @Override
    public Integer call() throws IOException {
        Set<String> chosen = methods();
        if (inputs.isEmpty() == (dataset == null)) {
            throw new IllegalArgumentException("explain: give image files with --input or test images with --dataset "
                    + "(one of the two)");
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count: " + count + " is not a number of images (give 1 or more)");
        }
        if (layer != null && !chosen.contains(GradCam.NAME)) {
            throw new IllegalArgumentException("--layer is Grad-CAM's layer, but --method " + String.join(",", methods)
                    + " does not include gradcam");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        TrainedModel trained = TrainedModel.read(checkpoint, shell.registry());
        int[] shape = trained.shape();
        int side = Math.min(shape[1], shape[2]);
        int patchSide = patch != null ? patch : Math.max(1, (side + 3) / 4);
        Occlusion occlusion = chosen.contains(Occlusion.NAME)
                ? new Occlusion(patchSide, stride != null ? stride : Math.max(1, patchSide / 2), 0f) : null;
        if (occlusion != null && patchSide > side) {
            throw new IllegalArgumentException("--patch " + patchSide + " is larger than the model's images, "
                    + shape[1] + " x " + shape[2]);
        }
        String camLayer = null;
        if (chosen.contains(GradCam.NAME)) {
            List<String> usable = GradCam.layers(trained.network());
            camLayer = layer != null ? layer : GradCam.defaultLayer(trained.network());
            if (!usable.contains(camLayer)) {
                throw new IllegalArgumentException("--layer: " + trained.network().name() + " has no layer '" + camLayer
                        + "' with [C, H, W] activations; its layers are " + String.join(", ", usable));
            }
        }
        Batch batch = dataset != null ? fromDataset(trained) : fromFiles(trained);
        float[] normalized = new float[batch.pixels().length];
        int size = shape[0] * shape[1] * shape[2];
        for (int i = 0; i < batch.count(); i++) {
            float[] one = Arrays.copyOfRange(batch.pixels(), i * size, (i + 1) * size);
            System.arraycopy(trained.normalize(one), 0, normalized, i * size, size);
        }
        List<Explanation> results = new ArrayList<>();
        try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device);
                Model model = new Model(trained.network(), backend, 0)) {
            trained.checkpoint().loadInto(model);
            Executor ex = new Executor(model);
            try (Tensor x = backend.tensor(normalized, batch.count(), shape[0], shape[1], shape[2])) {
                for (String m : chosen) {
                    results.add(switch (m) {
                        case Saliency.NAME -> Saliency.compute(ex, x, null);
                        case GuidedBackprop.GUIDED -> GuidedBackprop.guided(ex, x, null);
                        case GuidedBackprop.DECONVNET -> GuidedBackprop.deconvnet(ex, x, null);
                        case Occlusion.NAME -> occlusion.compute(ex, x, null);
                        default -> GradCam.compute(ex, x, camLayer, null);
                    });
                }
            }
        }
        Files.createDirectories(out);
        Explanation first = results.get(0);
        for (int i = 0; i < batch.count(); i++) {
            System.out.printf("%s: %s (%.1f%%)%n", batch.labels().get(i),
                    trained.classNames().get(first.targets()[i]), 100 * first.probabilities()[i]);
        }
        for (Explanation e : results) {
            Path file = out.resolve(e.method() + ".png");
            Images.writePng(figure(e, batch, trained, camLayer, occlusion), file);
            System.out.printf("%-10s %s%n", e.method(), file);
        }
        return 0;
    }

    private Set<String> methods() {
        Set<String> chosen = new LinkedHashSet<>();
        for (String m : methods) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                chosen.addAll(METHODS);
            } else if (METHODS.contains(name)) {
                chosen.add(name);
            } else {
                throw new IllegalArgumentException("--method: unknown method '" + m + "'; the methods are "
                        + String.join(", ", METHODS) + " and all");
            }
        }
        return chosen;
    }

    private Batch fromDataset(TrainedModel trained) {
        Datasets.Split split = Datasets.load(dataset, data, 1, count);
        ImageDataset test = split.test();
        int[] shape = trained.shape();
        if (test.channels() != shape[0] || test.height() != shape[1] || test.width() != shape[2]) {
            throw new IllegalArgumentException("--dataset " + dataset + " has images of " + test.channels() + " x "
                    + test.height() + " x " + test.width() + " but the checkpoint's model takes "
                    + shape[0] + " x " + shape[1] + " x " + shape[2]);
        }
        int n = Math.min(count, test.count()), size = test.imageSize();
        float[] pixels = new float[n * size];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n * size; i++) {
            pixels[i] = (test.pixels()[i] & 0xff) / 255f;
        }
        for (int i = 0; i < n; i++) {
            labels.add("#" + (i + 1) + " " + test.classNames().get(test.label(i)));
        }
        return new Batch(pixels, n, labels);
    }

    private Batch fromFiles(TrainedModel trained) {
        int[] shape = trained.shape();
        int size = shape[0] * shape[1] * shape[2];
        float[] pixels = new float[inputs.size() * size];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path file = inputs.get(i);
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("explain: --input " + file + " is a folder, not an image file");
            }
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("explain: " + file + " does not exist");
            }
            BufferedImage image = InputImage.read(file, "explain");
            if (!resize && (image.getWidth() != shape[2] || image.getHeight() != shape[1])) {
                throw new IllegalArgumentException("explain: --input " + file + " is " + image.getWidth() + " x "
                        + image.getHeight() + " pixels but the model takes " + shape[2] + " x " + shape[1]
                        + "; give --resize to scale it as predict does");
            }
            float[] px = InputImage.pixels(image, shape[0], shape[1], shape[2]);
            boolean inverted = switch (invert) {
                case "yes" -> true;
                case "no" -> false;
                case "auto" -> trained.darkBackground() && InputImage.borderMean(px, shape) > 0.5;
                default -> throw new IllegalArgumentException("--invert: '" + invert + "' is not auto, yes or no");
            };
            if (inverted) {
                for (int k = 0; k < px.length; k++) {
                    px[k] = 1 - px[k];
                }
            }
            System.arraycopy(px, 0, pixels, i * size, size);
            labels.add(file.getFileName() + (inverted ? " (gray levels inverted)" : ""));
        }
        return new Batch(pixels, inputs.size(), labels);
    }

    /**
     * One row per image: the image captioned with its name (a file's, or a test image's number and true
     * class) and the map over it captioned with the class explained and its probability; a title.
     */
    private static BufferedImage figure(Explanation e, Batch batch, TrainedModel trained, String camLayer,
            Occlusion occlusion) {
        int[] shape = trained.shape();
        int c = shape[0], h = shape[1], w = shape[2], scale = Math.max(1, (MIN_SIDE + h - 1) / h);
        List<BufferedImage> images = new ArrayList<>(), overlays = new ArrayList<>();
        for (int i = 0; i < batch.count(); i++) {
            BufferedImage image = Images.resize(Images.fromChw(batch.pixels(), i * c * h * w, c, h, w, 0f, 1f),
                    w * scale, h * scale);
            BufferedImage over = Images.overlay(image, Images.heatmap(e.map(i), h, w), 0.5);
            images.add(Images.captioned(image, batch.labels().get(i)));
            overlays.add(Images.captioned(over, String.format("%s %.0f%%", trained.classNames().get(e.targets()[i]),
                    100 * e.probabilities()[i])));
        }
        String title = switch (e.method()) {
            case Saliency.NAME -> "saliency: |d score / d pixel|, largest over channels";
            case GuidedBackprop.GUIDED -> "guided backpropagation: positive gradients through active ReLUs";
            case GuidedBackprop.DECONVNET -> "deconvnet: positive gradients through every ReLU";
            case Occlusion.NAME -> "occlusion: probability drop, patch " + occlusion.patch() + ", stride "
                    + occlusion.stride();
            default -> "Grad-CAM at " + camLayer;
        };
        // Two columns (images, maps): every tile of a column has the same height, so the rows line up.
        return Images.captioned(Images.row(List.of(Images.column(images, 2), Images.column(overlays, 2)), 4), title);
    }
}
