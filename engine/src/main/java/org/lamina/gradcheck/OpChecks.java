package org.lamina.gradcheck;

import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.Conv2d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.ELU;
import org.lamina.ops.LeakyReLU;
import org.lamina.ops.Linear;
import org.lamina.ops.LogSoftmax;
import org.lamina.ops.MaxPool2d;
import org.lamina.ops.ReLU;
import org.lamina.ops.Sigmoid;
import org.lamina.ops.Softmax;
import org.lamina.ops.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Node;
import org.lamina.layers.Activation;
import org.lamina.ops.ContentLoss;
import org.lamina.ops.GramMatrix;
import org.lamina.ops.MseLoss;
import org.lamina.ops.StyleLoss;
import org.lamina.tensor.Tensor;

/**
 * The gradient checks of Lamina's own ops by name, for {@code lamina gradcheck --op}: layer ops run
 * as a network of one node (parameters included), {@code gram_matrix} and the losses as functions of
 * their input (a random upstream gradient for the Gram matrix, a random target for the losses).
 */
public final class OpChecks {
    private OpChecks() {
    }

    /** Every op name {@link #check} knows. */
    public static final List<String> OPS = List.of(Conv2d.NAME, ConvTranspose2d.NAME, Linear.NAME, MaxPool2d.NAME,
            AvgPool2d.NAME, AdaptiveAvgPool2d.NAME, BatchNorm2d.NAME, ReLU.NAME, LeakyReLU.NAME, ELU.NAME, Sigmoid.NAME,
            Tanh.NAME, Softmax.NAME, LogSoftmax.NAME, GramMatrix.NAME, StyleLoss.NAME, ContentLoss.NAME, MseLoss.NAME);

    /**
     * Checks op {@code name} on {@code backend} for an input of {@code shape} per example
     * ({@code [C, H, W]}; flattened for {@code linear}, {@code softmax}, {@code log_softmax}).
     *
     * @throws IllegalArgumentException for an unknown op, naming the known ones
     */
    public static GradientCheck.Report check(String name, int[] shape, int batch, Backend backend,
            GradientCheck.Settings s) {
        Function<Node, Node> layer = switch (name) {
            case Conv2d.NAME -> x -> x.graph().conv2d(x, 4, 3).pad(1);
            case ConvTranspose2d.NAME -> x -> x.graph().convTranspose2d(x, 3, 3).stride(2);
            case Linear.NAME -> x -> x.dense(5);
            case MaxPool2d.NAME -> x -> x.maxPool(2);
            case AvgPool2d.NAME -> x -> x.avgPool(3, 2);
            case AdaptiveAvgPool2d.NAME -> x -> x.graph().adaptiveAvgPool(x, 2, 2);
            case BatchNorm2d.NAME -> Node::batchNorm;
            case ReLU.NAME, LeakyReLU.NAME, ELU.NAME, Sigmoid.NAME, Tanh.NAME -> x -> x.activation(Activation.named(name));
            case Softmax.NAME -> Node::softmax;
            case LogSoftmax.NAME -> Node::logSoftmax;
            case GramMatrix.NAME, StyleLoss.NAME, ContentLoss.NAME, MseLoss.NAME -> null;
            default -> throw new IllegalArgumentException("gradcheck: unknown op '" + name + "'; the ops are "
                    + String.join(", ", OPS));
        };
        if (layer != null) {
            boolean flat = name.equals(Linear.NAME) || name.equals(Softmax.NAME) || name.equals(LogSoftmax.NAME);
            int[] in = flat ? new int[] {size(shape)} : shape;
            Graph g = new Graph(name);
            g.output(layer.apply(g.input("input", in)));
            try (Model m = new Model(g.build(), backend, s.seed())) {
                GradientCheck.Report r = GradientCheck.network(m, batch, s);
                return new GradientCheck.Report("op " + name + " on input " + Arrays.toString(in), r.device(), s,
                        r.entries());
            }
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException("gradcheck: op " + name + " takes feature maps: --input-shape C,H,W, not "
                    + Arrays.toString(shape));
        }
        int[] full = {batch, shape[0], shape[1], shape[2]};
        Random rnd = new Random(s.seed());
        float[] x = gaussian(rnd, size(full));
        Function<Tensor, Double> objective;
        Function<Tensor, Tensor> gradient;
        if (name.equals(GramMatrix.NAME)) {
            float[] r = gaussian(rnd, batch * shape[0] * shape[0]);
            GramMatrix gram = new GramMatrix();
            objective = xt -> {
                try (Tensor g = gram.forward(xt)) {
                    return dot(r, g.toArray());
                }
            };
            gradient = xt -> {
                try (Tensor rt = backend.tensor(r, batch, shape[0], shape[0])) {
                    return gram.backward(xt, rt);
                }
            };
        } else {
            float[] target = gaussian(rnd, x.length);
            Function<Tensor, LossOps.Result> loss = xt -> {
                try (Tensor t = backend.tensor(target, full)) {
                    return switch (name) {
                        case StyleLoss.NAME -> new StyleLoss(1).forwardFeatures(xt, t);
                        case ContentLoss.NAME -> new ContentLoss(1).forward(xt, t);
                        default -> new MseLoss().forward(xt, t);
                    };
                }
            };
            objective = xt -> {
                try (LossOps.Result r = loss.apply(xt)) {
                    return (double) r.loss().toArray()[0];
                }
            };
            gradient = xt -> {
                LossOps.Result r = loss.apply(xt);
                Tensor g = r.gradInput();
                r.loss().close();
                if (r.gradTarget() != null) {
                    r.gradTarget().close();
                }
                return g;
            };
        }
        float[] analytic;
        try (Tensor xt = backend.tensor(x, full); Tensor g = gradient.apply(xt)) {
            analytic = g.toArray();
        }
        List<GradientCheck.Entry> entries = new ArrayList<>();
        entries.add(GradientCheck.compareFloat("input", x, analytic, v -> {
            try (Tensor xt = backend.tensor(v, full)) {
                return objective.apply(xt);
            }
        }, s));
        return new GradientCheck.Report("op " + name + " on input " + Arrays.toString(shape), backend.device(), s,
                entries);
    }

    private static double dot(float[] r, float[] y) {
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            sum += (double) r[i] * y[i];
        }
        return sum;
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
