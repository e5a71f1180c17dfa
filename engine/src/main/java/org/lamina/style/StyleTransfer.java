package org.lamina.style;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.graph.ReluRule;
import org.lamina.ops.ContentLoss;
import org.lamina.ops.GramMatrix;
import org.lamina.ops.StyleLoss;
import org.lamina.tensor.Tensor;

/**
 * Neural style transfer (Gatys, Ecker and Bethge, 2016) with a trained network: an image is optimized
 * so that its features at a content layer match the content image's ({@link ContentLoss}) and the
 * Gram matrices of its features at the style layers match the style image's ({@link StyleLoss}). The
 * gradient with respect to the image comes from the executor's inspection pass (inference mode, the
 * losses' gradients seeded at the layers); the image takes Adam steps on the host and stays within
 * the pixel range [0, 1] (given in the network's normalized input space).
 */
public final class StyleTransfer {
    private static final System.Logger LOG = System.getLogger(StyleTransfer.class.getName());

    /**
     * What to optimize: the content layer and its weight, the style layers with their weights (each
     * multiplied by {@code styleWeight}), the number of Adam steps and their learning rate, whether
     * the image starts from the content image (else from noise), and the seed of that noise.
     */
    public record Settings(String contentLayer, double contentWeight, Map<String, Double> styleLayers,
            double styleWeight, int steps, double learningRate, boolean fromContent, long seed) {
        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("style: steps " + steps + " must be at least 1");
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("style: learning rate " + learningRate + " must be a positive number");
            }
            if (styleLayers.isEmpty()) {
                throw new IllegalArgumentException("style: at least one style layer is needed");
            }
            for (var e : styleLayers.entrySet()) {
                if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                    throw new IllegalArgumentException("style: style layer " + e.getKey() + " has weight " + e.getValue()
                            + "; weights are finite numbers >= 0");
                }
            }
            for (double w : new double[] {contentWeight, styleWeight}) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("style: weight " + w + " must be a finite number >= 0");
                }
            }
            styleLayers = Collections.unmodifiableMap(new LinkedHashMap<>(styleLayers));
        }
    }

    /** The losses after step {@code step} (0: the starting image), the style loss per layer included. */
    public record Step(int step, double total, double content, double style, Map<String, Double> styleByLayer) {
    }

    /** The final image in the network's input space ({@code [C, H, W]}) and every step's losses. */
    public record Result(float[] image, List<Step> steps) {
    }

    private final Model model;
    private final Executor ex;
    private final String input;
    private final int[] shape;

    /**
     * @throws IllegalArgumentException when the network has not exactly one input of shape {@code [C, H, W]}
     */
    public StyleTransfer(Model model) {
        this.model = model;
        this.ex = new Executor(model);
        Network net = model.network();
        if (net.inputs().size() != 1 || net.node(net.inputs().get(0)).shape().length != 3) {
            throw new IllegalArgumentException("style: network " + net.name() + " must have one image input [C, H, W]");
        }
        this.input = net.inputs().get(0);
        this.shape = net.node(input).shape();
    }

    /**
     * Checks that {@code layer} names a node with feature maps ({@code [C, H, W]}).
     *
     * @throws IllegalArgumentException naming the option, the layer and the layers to choose from
     */
    public void requireFeatureLayer(String option, String layer) {
        Network net = model.network();
        List<String> maps = featureLayers();
        boolean known = net.nodes().stream().anyMatch(n -> n.name().equals(layer));
        if (!known || !maps.contains(layer)) {
            throw new IllegalArgumentException(option + ": " + (known ? "layer " + layer + " has no feature maps "
                    + "(shape " + Arrays.toString(net.node(layer).shape()) + ")" : "network " + net.name()
                    + " has no layer '" + layer + "'") + "; layers with feature maps: " + String.join(", ", maps));
        }
    }

    /** The layers whose outputs are feature maps {@code [C, H, W]}, in network order (not the input). */
    public List<String> featureLayers() {
        List<String> out = new ArrayList<>();
        for (Network.NodeInfo n : model.network().nodes()) {
            if (!n.isInput() && n.shape().length == 3) {
                out.add(n.name());
            }
        }
        return out;
    }

    /**
     * Runs {@link Settings#steps} steps from the content image (or noise) and returns the image and the
     * losses; {@code lo} and {@code hi} bound each channel's values (pixels 0 and 1 in the normalized space).
     */
    public Result run(float[] content, float[] style, float[] lo, float[] hi, Settings s, Consumer<Step> onStep) {
        int size = shape[0] * shape[1] * shape[2];
        if (content.length != size || style.length != size) {
            throw new IllegalArgumentException("style: images must have " + size + " values " + Arrays.toString(shape));
        }
        requireFeatureLayer("--content-layer", s.contentLayer());
        for (String l : s.styleLayers().keySet()) {
            requireFeatureLayer("--style-layers", l);
        }
        Backend b = model.backend();
        Set<String> watch = new LinkedHashSet<>(s.styleLayers().keySet());
        watch.add(s.contentLayer());
        Map<String, Tensor> targets = new HashMap<>();
        GramMatrix gram = new GramMatrix();
        try {
            // The targets: the content image's features, the style image's Gram matrices.
            try (Tensor x = b.tensor(content, 1, shape[0], shape[1], shape[2]);
                    Pass p = ex.inspect(Map.of(input, x), Set.of(s.contentLayer()))) {
                Tensor a = p.activation(s.contentLayer());
                targets.put("content", b.tensor(a.toArray(), a.dims()));
            }
            try (Tensor x = b.tensor(style, 1, shape[0], shape[1], shape[2]);
                    Pass p = ex.inspect(Map.of(input, x), s.styleLayers().keySet())) {
                for (String l : s.styleLayers().keySet()) {
                    targets.put("gram " + l, gram.forward(p.activation(l)));
                }
            }
            float[] image = s.fromContent() ? content.clone() : noise(s.seed(), lo, hi);
            Adam adam = new Adam(size, s.learningRate());
            List<Step> log = new ArrayList<>();
            for (int step = 0; step <= s.steps(); step++) {
                float[] grad = new float[size];
                Step st = evaluate(image, s, watch, targets, step, grad);
                log.add(st);
                onStep.accept(st);
                if (!Double.isFinite(st.total())) {
                    throw new IllegalStateException("style: the loss became " + st.total() + " at step " + step
                            + "; try a smaller --lr");
                }
                if (step < s.steps()) {
                    adam.step(image, grad);
                    clamp(image, lo, hi, shape[1] * shape[2]);
                }
            }
            return new Result(image, log);
        } finally {
            targets.values().forEach(Tensor::close);
        }
    }

    /** The losses of {@code image}, with the total's gradient with respect to the image into {@code grad}. */
    private Step evaluate(float[] image, Settings s, Set<String> watch, Map<String, Tensor> targets, int step,
            float[] grad) {
        Backend b = model.backend();
        Map<String, Tensor> seeds = new LinkedHashMap<>();
        Map<String, Double> byLayer = new LinkedHashMap<>();
        double contentLoss, styleLoss = 0;
        try (Tensor x = b.tensor(image, 1, shape[0], shape[1], shape[2]); Pass p = ex.inspect(Map.of(input, x), watch)) {
            try {
                try (LossOps.Result r = new ContentLoss(s.contentWeight()).forward(p.activation(s.contentLayer()),
                        targets.get("content"))) {
                    contentLoss = r.loss().toArray()[0];
                    add(seeds, s.contentLayer(), r.gradInput());
                }
                for (var e : s.styleLayers().entrySet()) {
                    try (LossOps.Result r = new StyleLoss(s.styleWeight() * e.getValue())
                            .forward(p.activation(e.getKey()), targets.get("gram " + e.getKey()))) {
                        double l = r.loss().toArray()[0];
                        byLayer.put(e.getKey(), l);
                        styleLoss += l;
                        add(seeds, e.getKey(), r.gradInput());
                    }
                }
                Map<String, Tensor> g = ex.gradients(p, new GradientRequest(seeds, Set.of(input), ReluRule.NORMAL));
                try (Tensor gi = g.get(input)) {
                    System.arraycopy(gi.toArray(), 0, grad, 0, grad.length);
                }
            } finally {
                seeds.values().forEach(Tensor::close);
            }
        }
        Step st = new Step(step, contentLoss + styleLoss, contentLoss, styleLoss, byLayer);
        LOG.log(System.Logger.Level.DEBUG, () -> "style step " + st);
        return st;
    }

    /** Adds {@code g} (which the caller gave away, a copy kept) to the seed of {@code layer}. */
    private void add(Map<String, Tensor> seeds, String layer, Tensor g) {
        Tensor old = seeds.get(layer);
        if (old == null) {
            seeds.put(layer, model.backend().elementwise().scale(g, 1));
        } else {
            seeds.put(layer, model.backend().elementwise().add(old, g));
            old.close();
        }
    }

    private float[] noise(long seed, float[] lo, float[] hi) {
        Random rnd = new Random(seed);
        int plane = shape[1] * shape[2];
        float[] v = new float[shape[0] * plane];
        for (int i = 0; i < v.length; i++) {
            int c = i / plane;
            v[i] = lo[c] + (hi[c] - lo[c]) * rnd.nextFloat();
        }
        return v;
    }

    private static void clamp(float[] v, float[] lo, float[] hi, int plane) {
        for (int i = 0; i < v.length; i++) {
            int c = i / plane;
            v[i] = Math.max(lo[c], Math.min(hi[c], v[i]));
        }
    }

    /** Adam (Kingma and Ba) on the image's values: betas 0.9, 0.999, epsilon 1e-8. */
    private static final class Adam {
        final double[] m, v;
        final double lr;
        int t;

        Adam(int n, double lr) {
            m = new double[n];
            v = new double[n];
            this.lr = lr;
        }

        void step(float[] x, float[] g) {
            t++;
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < x.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * (double) g[i] * g[i];
                x[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
            }
        }
    }
}
