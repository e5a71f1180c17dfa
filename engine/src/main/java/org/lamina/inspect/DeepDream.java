package org.lamina.inspect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.lamina.backend.Backend;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.tensor.Tensor;
import org.lamina.visual.Images;

/**
 * DeepDream (Mordvintsev, Olah and Tyka, 2015): gradient ascent on the input to make a layer's
 * activation larger, the objective {@code mean(a^2) / 2} over the layer (or one of its channels).
 * Each step shifts the image by a random jitter first and divides the gradient by its mean
 * magnitude; pixels stay within what the dataset's pixels can be. Octaves run coarse to fine: the
 * image is dreamed at smaller sizes first, each resized bilinearly to the network's fixed input
 * (and the gradient back by the resize's adjoint), and the detail dreamed so far is carried to the
 * next size.
 *
 * @param shape the input, {@code [C, H, W]}
 * @param input the dreamed input, normalized as the network's inputs are
 * @param steps every step, in order
 */
public record DeepDream(int[] shape, float[] input, List<Step> steps) {

    /**
     * One step.
     *
     * @param octave from 1 (the smallest)
     * @param step from 1 within its octave
     * @param height the octave's image size
     * @param width likewise
     * @param objective {@code mean(a^2) / 2} before the step's update
     */
    public record Step(int octave, int step, int height, int width, double objective) {
    }

    /**
     * How to dream.
     *
     * @param octaves how many sizes, 1 or more
     * @param octaveScale each size this much larger than the one before (above 1)
     * @param steps steps per octave
     * @param lr the step, in normalized pixel units per unit of mean gradient magnitude
     * @param jitter the largest random shift, in pixels, before each step (0: none)
     * @param seed of the jitter
     */
    public record Settings(int octaves, double octaveScale, int steps, double lr, int jitter, long seed) {
        public Settings {
            if (octaves < 1) {
                throw new IllegalArgumentException("--octaves: " + octaves + " is not a number of octaves (give 1 or more)");
            }
            if (!(octaveScale > 1) || Double.isInfinite(octaveScale)) {
                throw new IllegalArgumentException("--octave-scale: " + octaveScale + " is not a scale (give more than 1)");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("--steps: " + steps + " is not a number of steps (give 1 or more)");
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("--lr: " + lr + " is not a step size (give a positive number)");
            }
            if (jitter < 0) {
                throw new IllegalArgumentException("--jitter: " + jitter + " is not a number of pixels (give 0 or more)");
            }
        }
    }

    /**
     * Dreams from {@code start} ({@code [C, H, W]}, normalized) at {@code layer}, or at one of its
     * channels when {@code channel} is not null, telling {@code log} of each step.
     *
     * @throws IllegalArgumentException for an unknown layer or a channel out of range
     */
    public static DeepDream run(Executor exec, float[] start, String layer, Integer channel, Normalization norm,
            Settings settings, Consumer<Step> log) {
        Network net = exec.model().network();
        Network.NodeInfo node = Layers.layer(net, layer);
        if (channel != null) {
            Layers.requireChannel(node, channel);
        }
        String in = net.inputs().get(0);
        int[] shape = net.node(in).shape();
        int c = shape[0], h = shape[1], w = shape[2];
        if (start.length != c * h * w) {
            throw new IllegalArgumentException("a dream starts from an image of " + c + "x" + h + "x" + w + " values, not "
                    + start.length);
        }
        // octave sizes, smallest first; the last is the network's input
        int[][] sizes = new int[settings.octaves()][];
        for (int o = 0; o < settings.octaves(); o++) {
            double f = Math.pow(settings.octaveScale(), settings.octaves() - 1 - o);
            sizes[o] = new int[] {Math.max(1, (int) Math.round(h / f)), Math.max(1, (int) Math.round(w / f))};
        }
        float[] lo = new float[c], hi = new float[c];
        for (int ch = 0; ch < c; ch++) {
            lo[ch] = -norm.mean()[ch] / norm.std()[ch];
            hi[ch] = (1 - norm.mean()[ch]) / norm.std()[ch];
        }
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        List<Step> done = new ArrayList<>();
        float[] detail = new float[c * sizes[0][0] * sizes[0][1]];
        int[] detailSize = sizes[0];
        float[] u = null;
        for (int o = 0; o < settings.octaves(); o++) {
            int oh = sizes[o][0], ow = sizes[o][1];
            float[] base = new Resample(c, h, w, oh, ow).apply(start);
            float[] carried = new Resample(c, detailSize[0], detailSize[1], oh, ow).apply(detail);
            u = new float[base.length];
            for (int i = 0; i < u.length; i++) {
                u[i] = base[i] + carried[i];
            }
            Resample up = new Resample(c, oh, ow, h, w);
            for (int s = 1; s <= settings.steps(); s++) {
                int dy = settings.jitter() == 0 ? 0 : rnd.nextInt(-settings.jitter(), settings.jitter() + 1);
                int dx = settings.jitter() == 0 ? 0 : rnd.nextInt(-settings.jitter(), settings.jitter() + 1);
                float[] x = roll(up.apply(u), c, h, w, dy, dx);
                double[] objective = new double[1];
                float[] g = roll(gradient(exec, x, shape, layer, channel, objective), c, h, w, -dy, -dx);
                float[] gu = up.adjoint(g);
                double mean = 0;
                for (float v : gu) {
                    mean += Math.abs(v);
                }
                mean /= gu.length;
                Step step = new Step(o + 1, s, oh, ow, objective[0]);
                done.add(step);
                log.accept(step);
                if (!(mean > 0)) {
                    continue; // a silent layer: nothing to climb
                }
                int plane = oh * ow;
                for (int i = 0; i < u.length; i++) {
                    int ch = i / plane;
                    u[i] = Math.max(lo[ch], Math.min(hi[ch], u[i] + (float) (settings.lr() * gu[i] / mean)));
                }
            }
            detail = new float[u.length];
            for (int i = 0; i < u.length; i++) {
                detail[i] = u[i] - base[i];
            }
            detailSize = sizes[o];
        }
        return new DeepDream(shape, u, List.copyOf(done));
    }

    /** The objective's gradient at the input {@code x}; its value goes to {@code objective[0]}. */
    static float[] gradient(Executor exec, float[] x, int[] shape, String layer, Integer channel, double[] objective) {
        Network net = exec.model().network();
        String in = net.inputs().get(0);
        Backend b = exec.backend();
        try (Tensor t = b.tensor(x, 1, shape[0], shape[1], shape[2]);
                Pass pass = exec.inspect(Map.of(in, t), Set.of(layer))) {
            Tensor a = pass.activation(layer);
            float[] act = a.toArray();
            int plane = act.length / net.node(layer).shape()[0];
            int from = channel == null ? 0 : channel * plane, to = channel == null ? act.length : from + plane;
            float[] seed = new float[act.length];
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += (double) act[i] * act[i];
                seed[i] = act[i] / (to - from); // d(mean(a^2) / 2) / da
            }
            objective[0] = sum / (to - from) / 2;
            try (Tensor st = b.tensor(seed, a.dims()); Tensor g = exec.gradients(pass,
                    GradientRequest.of(layer, st, in)).get(in)) {
                return g.toArray();
            }
        }
    }

    /** {@code x} shifted by {@code dy} rows and {@code dx} columns, wrapping around. */
    static float[] roll(float[] x, int c, int h, int w, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return x;
        }
        float[] out = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    out[(ch * h + Math.floorMod(y + dy, h)) * w + Math.floorMod(xx + dx, w)] = x[(ch * h + y) * w + xx];
                }
            }
        }
        return out;
    }

    /** The dreamed input as a picture (pixels in [0, 1]), each pixel a {@code scale x scale} block. */
    public BufferedImage image(Normalization norm, int scale) {
        float[] px = ClassModel.unnormalized(input, shape, norm);
        return Images.resize(Images.fromChw(px, 0, shape[0], shape[1], shape[2], 0f, 1f), shape[2] * scale,
                shape[1] * scale);
    }
}
