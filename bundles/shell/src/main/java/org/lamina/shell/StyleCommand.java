package org.lamina.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.exec.Model;
import org.lamina.io.AtomicFiles;
import org.lamina.style.StyleTransfer;
import org.lamina.visual.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina style}: neural style transfer (Gatys et al.) with a trained checkpoint. The image starts
 * as the content image (or noise) and takes Adam steps against a content loss at one layer and Gram
 * matrix style losses at others; the losses are printed as it goes and written to a CSV beside the PNG.
 */
@Command(name = "style", mixinStandardHelpOptions = true, description = "Neural style transfer: an image with the "
        + "content of one image and the style (Gram matrices of features) of another, through a checkpoint's network.")
final class StyleCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;

    @Option(names = "--content", required = true, paramLabel = "IMAGE", description = "The content image.")
    Path content;

    @Option(names = "--style", required = true, paramLabel = "IMAGE", description = "The style image.")
    Path style;

    @Option(names = "--out", defaultValue = "style.png", paramLabel = "PNG", description = "The result. Default: "
            + "${DEFAULT-VALUE}; its losses go to the same name with .csv.")
    Path out;

    @Option(names = "--content-layer", paramLabel = "LAYER", description = "Layer of the content loss. Default: the "
            + "middle layer with feature maps.")
    String contentLayer;

    @Option(names = "--style-layers", paramLabel = "L[=W],...", description = "Layers of the style losses, each "
            + "with a weight (1). Default: every layer with feature maps up to the content layer.")
    String styleLayers;

    @Option(names = "--content-weight", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    double contentWeight;

    @Option(names = "--style-weight", defaultValue = "1e4", description = "Multiplies every style layer's weight. "
            + "Default: ${DEFAULT-VALUE}.")
    double styleWeight;

    @Option(names = "--steps", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.05", description = "Adam's learning rate, in the network's normalized "
            + "input units. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--init", defaultValue = "content", paramLabel = "content|noise",
            description = "Start from the content image or from noise. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--every", defaultValue = "10", description = "Print the losses every N steps (the CSV has them "
            + "all). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--scale", defaultValue = "4", description = "Enlarge the PNG N times. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Option(names = "--sheet", paramLabel = "PNG", description = "Also write content, style and result side by side.")
    Path sheet;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    TrainedNetworkOptions network;

    @Override
    public Integer call() throws IOException {
        if (every < 1) {
            throw new IllegalArgumentException("--every: " + every + " must be 1 or more");
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("--scale: " + scale + " must be 1 to 64");
        }
        if (!init.equals("content") && !init.equals("noise")) {
            throw new IllegalArgumentException("--init: '" + init + "' is neither content nor noise");
        }
        requireWritable("--out", out);
        if (sheet != null) {
            requireWritable("--sheet", sheet);
        }
        TrainedModel cn = TrainedModel.read(network.checkpoint, shell.registry());
        int[] shape = cn.shape();
        float[] contentPixels = read("--content", content, shape), stylePixels = read("--style", style, shape);
        float[] lo = new float[shape[0]], hi = new float[shape[0]];
        for (int c = 0; c < shape[0]; c++) {
            lo[c] = (0 - cn.mean()[c]) / cn.std()[c];
            hi[c] = (1 - cn.mean()[c]) / cn.std()[c];
        }
        float[] x = cn.normalize(contentPixels.clone()), s = cn.normalize(stylePixels.clone());
        Path csv = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.png$", "") + ".csv");
        StringBuilder log = new StringBuilder();
        StyleTransfer.Result result;
        try (StrictOption.Scope strictScope = network.strictMode.apply();
                Backend backend = Backends.open(network.device);
                Model model = new Model(cn.network(), backend, 0)) {
            cn.checkpoint().loadInto(model);
            StyleTransfer st = new StyleTransfer(model);
            List<String> maps = st.featureLayers();
            String cl = contentLayer != null ? contentLayer : maps.get(maps.size() / 2);
            st.requireFeatureLayer("--content-layer", cl);
            Map<String, Double> layers = styleLayers != null ? parseLayers(styleLayers)
                    : defaultStyleLayers(maps, cl);
            for (String l : layers.keySet()) {
                st.requireFeatureLayer("--style-layers", l);
            }
            StyleTransfer.Settings settings = new StyleTransfer.Settings(cl, contentWeight, layers, styleWeight, steps,
                    lr, init.equals("content"), seed);
            System.out.printf(Locale.ROOT, "Style transfer with %s (%s) on %s: content %s at %s, style %s at %s, %d "
                    + "Adam steps, lr %s%n", network.checkpoint, cn.network().name(), backend.device(), content, cl,
                    style, layers, steps, lr);
            log.append("step,total,content,style");
            for (String l : layers.keySet()) {
                log.append(",style ").append(l);
            }
            log.append('\n');
            long start = System.nanoTime();
            result = st.run(x, s, lo, hi, settings, step -> {
                log.append(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g", step.step(), step.total(), step.content(),
                        step.style()));
                step.styleByLayer().values().forEach(v -> log.append(String.format(Locale.ROOT, ",%.6g", v)));
                log.append('\n');
                if (step.step() % every == 0 || step.step() == steps) {
                    System.out.printf(Locale.ROOT, "step %4d  total %.5g  content %.5g  style %.5g  (%.1f s)%n",
                            step.step(), step.total(), step.content(), step.style(), (System.nanoTime() - start) / 1e9);
                }
            });
        }
        float[] pixels = cn.denormalize(result.image().clone());
        BufferedImage img = Images.fromChw(pixels, 0, shape[0], shape[1], shape[2], 0f, 1f);
        Images.writePng(Images.resize(img, shape[2] * scale, shape[1] * scale), out);
        AtomicFiles.write(csv, log.toString().getBytes(StandardCharsets.UTF_8));
        if (sheet != null) {
            List<BufferedImage> tiles = new ArrayList<>();
            String[] captions = {"content", "style", "result"};
            float[][] all = {contentPixels, stylePixels, pixels};
            for (int i = 0; i < 3; i++) {
                BufferedImage t = Images.fromChw(all[i], 0, shape[0], shape[1], shape[2], 0f, 1f);
                tiles.add(Images.captioned(Images.resize(t, shape[2] * scale, shape[1] * scale), captions[i]));
            }
            Images.writePng(Images.row(tiles, 4), sheet);
        }
        StyleTransfer.Step first = result.steps().get(0), last = result.steps().get(result.steps().size() - 1);
        System.out.printf(Locale.ROOT, "Total loss %.5g -> %.5g; wrote %s and %s%s%n", first.total(), last.total(), out,
                csv, sheet != null ? " and " + sheet : "");
        return 0;
    }

    /** {@code L[=W],...} as layers and weights. */
    static Map<String, Double> parseLayers(String text) {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("--style-layers: '" + text + "' has an empty layer name");
            }
            int eq = p.indexOf('=');
            double w = 1;
            if (eq >= 0) {
                try {
                    w = Double.parseDouble(p.substring(eq + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--style-layers: '" + p.substring(eq + 1) + "' in '" + p
                            + "' is not a weight");
                }
                p = p.substring(0, eq).strip();
            }
            if (layers.put(p, w) != null) {
                throw new IllegalArgumentException("--style-layers: layer " + p + " is named twice");
            }
        }
        return layers;
    }

    /** Every feature-map layer up to the content layer, each of weight 1. */
    private static Map<String, Double> defaultStyleLayers(List<String> maps, String contentLayer) {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (String l : maps) {
            layers.put(l, 1.0);
            if (l.equals(contentLayer)) {
                break;
            }
        }
        return layers;
    }

    private static float[] read(String option, Path file, int[] shape) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": " + file + (Files.exists(file) ? " is not a regular file"
                    : " does not exist"));
        }
        BufferedImage img;
        try {
            img = InputImage.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^predict: (--input )?", option + ": "), e);
        }
        return Images.toChw(img, shape[0], shape[1], shape[2]);
    }

    private static void requireWritable(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": the folder of " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + ": " + file + " is a folder, not a PNG file");
        }
    }
}
