package org.lamina.inspect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * Class-model visualization (Simonyan, Vedaldi and Zisserman, 2014): the input that maximizes a
 * class's score {@code S_c(x) - l2 * |x|^2}, found by gradient ascent from about the zero input (the
 * dataset's mean image, as inputs are normalized) plus faint noise: exactly zero can sit where every
 * ReLU is at its kink and no gradient flows. The score is the logit before any softmax, so
 * the image cannot win by pushing the other classes down.
 *
 * @param klass the class
 * @param shape the input, {@code [C, H, W]}
 * @param input the optimized input, normalized as the network's inputs are
 * @param steps the objective after each step's forward pass, in order
 */
public record ClassModel(int klass, int[] shape, float[] input, List<Step> steps) {

    /**
     * One step of the ascent.
     *
     * @param step from 1
     * @param score the class's score {@code S_c(x)} before the step's update
     * @param objective {@code S_c(x) - l2 |x|^2} likewise
     */
    public record Step(int step, double score, double objective) {
    }

    /**
     * Runs {@code steps} steps of {@code x = (x + e dS_c/dx) / (1 + 2 l2 e)} with {@code e = lr / g0},
     * from noise of deviation 0.01 drawn with {@code seed}, telling {@code log} of each; {@code g0} is
     * the first step's mean gradient magnitude. Gradient ascent as Simonyan et al. with the penalty's
     * part of the step taken implicitly (a proximal step), so that no strength of {@code l2} makes it
     * diverge, and the step measured in units of the first gradient, so that the first step changes
     * a pixel by about {@code lr} whatever the scale of the network's scores.
     *
     * @throws IllegalArgumentException for a class the network does not have or a bad setting
     */
    public static ClassModel optimize(Executor exec, int klass, int steps, double lr, double l2, long seed,
            Consumer<Step> log) {
        Network net = exec.model().network();
        String out = net.outputs().get(0);
        int[] outShape = net.node(out).shape();
        int classes = outShape[0];
        if (outShape.length != 1) {
            throw new IllegalArgumentException(net.name() + "'s output " + out + " is "
                    + Arrays.toString(outShape) + ", not one score per class");
        }
        if (klass < 0 || klass >= classes) {
            throw new IllegalArgumentException("--class: " + klass + " is not a class of " + net.name() + " (0 to "
                    + (classes - 1) + ")");
        }
        if (steps < 1 || !(lr > 0) || Double.isInfinite(lr) || !(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("class model: steps " + steps + ", lr " + lr + ", l2 " + l2
                    + " (steps and lr must be positive, l2 0 or more)");
        }
        String in = net.inputs().get(0);
        int[] shape = net.node(in).shape();
        float[] x = new float[shape[0] * shape[1] * shape[2]];
        Random rnd = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * rnd.nextGaussian());
        }
        float[] oneHot = new float[classes];
        oneHot[klass] = 1;
        Backend b = exec.backend();
        List<Step> done = new ArrayList<>();
        double unit = 0; // the first step's mean gradient magnitude
        try (Tensor scoreSeed = b.tensor(oneHot, 1, classes)) {
            for (int s = 1; s <= steps; s++) {
                float[] grad;
                double score;
                try (Tensor t = b.tensor(x, 1, shape[0], shape[1], shape[2]);
                        Pass pass = exec.inspect(Map.of(in, t), Set.of())) {
                    score = pass.output(out).toArray()[klass];
                    Tensor g = exec.gradients(pass, GradientRequest.of(out, scoreSeed, in)).get(in);
                    try (g) {
                        grad = g.toArray();
                    }
                }
                double norm = 0;
                for (float v : x) {
                    norm += (double) v * v;
                }
                Step step = new Step(s, score, score - l2 * norm);
                done.add(step);
                log.accept(step);
                if (unit == 0) {
                    for (float v : grad) {
                        unit += Math.abs(v);
                    }
                    unit /= x.length;
                }
                if (!(unit > 0)) {
                    continue; // no gradient at the start: nothing to climb
                }
                // the score's part explicitly, the penalty's implicitly: stable however strong l2 is
                double eta = lr / unit, shrink = 1 / (1 + 2 * l2 * eta);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) ((x[i] + eta * grad[i]) * shrink);
                }
            }
        }
        return new ClassModel(klass, shape, x, List.copyOf(done));
    }

    /**
     * The input as a picture: un-normalized, then stretched to its own range (an optimized input
     * leaves the pixels' [0, 1]), each pixel a {@code scale x scale} block.
     */
    public BufferedImage image(Normalization norm, int scale) {
        float[] px = unnormalized(input, shape, norm);
        return Images.resize(Images.fromChw(px, 0, shape[0], shape[1], shape[2]), shape[2] * scale, shape[1] * scale);
    }

    static float[] unnormalized(float[] x, int[] shape, Normalization norm) {
        int plane = shape[1] * shape[2];
        float[] px = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            px[i] = x[i] * norm.std()[c] + norm.mean()[c];
        }
        return px;
    }
}
