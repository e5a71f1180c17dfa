package org.lamina.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.inspect.DeepDream;
import org.lamina.inspect.Layers;
import org.lamina.visual.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina dream}: DeepDream at a layer of a trained network, the objective printed step by step. */
@Command(name = "dream", mixinStandardHelpOptions = true, description = "DeepDream: change an image by gradient "
        + "ascent so that a layer of a trained network responds more strongly (octaves, jitter); writes a PNG to --out.")
final class DreamCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "A layer's name as 'lamina summary' lists it.")
    String layer;

    @Option(names = "--unit", paramLabel = "CHANNEL", description = "Dream one channel of --layer rather than all.")
    Integer unit;

    @Option(names = "--input", paramLabel = "IMAGE", description = "The image to start from (default: grey noise).")
    Path input;

    @Option(names = "--invert", defaultValue = "auto", description = "Invert gray levels of --input: auto, yes or no "
            + "(as predict). Default: ${DEFAULT-VALUE}.")
    String invert;

    @Option(names = "--out", required = true, paramLabel = "PNG")
    Path out;

    @Option(names = "--octaves", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int octaves;

    @Option(names = "--octave-scale", defaultValue = "1.4", description = "Default: ${DEFAULT-VALUE}.")
    double octaveScale;

    @Option(names = "--steps", defaultValue = "20", description = "Steps per octave. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.02", description = "Step size. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--jitter", defaultValue = "1", description = "Largest random shift in pixels. Default: ${DEFAULT-VALUE}.")
    int jitter;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--scale", defaultValue = "8", description = "Pixels per input pixel in the picture. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Mixin
    TrainedNetworkOptions network;

    @Override
    public Integer call() throws IOException {
        DeepDream.Settings settings = new DeepDream.Settings(octaves, octaveScale, steps, lr, jitter, seed);
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("--out: '' is not a file name");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a folder; give the PNG file to write");
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("--scale: " + scale + " is not a number of pixels per value (1 to 64)");
        }
        TrainedCheckpoint tc = TrainedCheckpoint.read(shell, network.checkpoint);
        var node = Layers.layer(tc.network(), layer);
        if (unit != null) {
            Layers.requireChannel(node, unit);
        }
        int[] s = tc.shape();
        float[] start;
        if (input != null) {
            start = tc.input("dream", input, invert);
        } else {
            // mid-grey with a little noise: something for every unit to start from
            Random r = new Random(seed);
            float[] px = new float[s[0] * s[1] * s[2]];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) Math.max(0, Math.min(1, 0.5 + 0.1 * r.nextGaussian()));
            }
            start = tc.normalize(px);
        }
        try (StrictOption.Scope strictScope = network.strictMode.apply();
                Backend backend = Backends.open(network.device);
                Model model = new Model(tc.network(), backend, 0)) {
            tc.checkpoint().loadInto(model);
            String what = layer + (unit == null ? "" : " channel " + unit);
            DeepDream d = DeepDream.run(new Executor(model), start, layer, unit, tc.normalization(), settings,
                    st -> System.out.printf("octave %d/%d (%dx%d) step %d/%d: objective %.6g%n", st.octave(), octaves,
                            st.height(), st.width(), st.step(), steps, st.objective()));
            Images.writePng(Images.captioned(d.image(tc.normalization(), scale), "dream of " + what), out);
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
