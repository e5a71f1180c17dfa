package org.lamina.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al. 2017) at a layer with {@code [C, h, w]} activations A: each channel's
 * weight is the mean over the positions of the class score's gradient there,
 * {@code alpha_c = mean(d score / d A_c)}; the map is {@code relu(sum_c alpha_c A_c)}, scaled up to
 * the image (bilinear, as OpenCV's resize: pixel centres aligned). The last convolutional layers give
 * coarse maps of the regions that speak for the class.
 */
public final class GradCam {
    public static final String NAME = "gradcam";

    private GradCam() {
    }

    /** The layers Grad-CAM can use: those with {@code [C, h, w]} activations, in network order. */
    public static List<String> layers(Network net) {
        List<String> out = new ArrayList<>();
        for (Network.NodeInfo n : net.nodes()) {
            if (!n.isInput() && n.shape().length == 3) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** The default layer: the last one with {@code [C, h, w]} activations (the most semantic). */
    public static String defaultLayer(Network net) {
        List<String> l = layers(net);
        if (l.isEmpty()) {
            throw new IllegalArgumentException("gradcam: network " + net.name()
                    + " has no layer with [C, H, W] activations");
        }
        return l.get(l.size() - 1);
    }

    /**
     * The Grad-CAM maps of {@code images} ({@code [N, C, H, W]} on the model's backend, kept by the
     * caller) at {@code layer}, for {@code targets} (null: each image's predicted class).
     *
     * @throws IllegalArgumentException for a layer the network lacks (listing the layers it can use) or
     *     one whose activations are not {@code [C, h, w]}
     */
    public static Explanation compute(Executor ex, Tensor images, String layer, int[] targets) {
        Inputs.check(NAME, ex, images);
        Network net = ex.model().network();
        List<String> usable = layers(net);
        if (!usable.contains(layer)) {
            boolean exists = net.nodes().stream().anyMatch(n -> n.name().equals(layer));
            throw new IllegalArgumentException("gradcam: " + (exists
                    ? "layer " + layer + " has activations " + Arrays.toString(net.node(layer).shape())
                            + ", not [C, H, W]"
                    : "network " + net.name() + " has no layer '" + layer + "'")
                    + "; the layers with [C, H, W] activations are " + String.join(", ", usable));
        }
        int[] d = images.dims();
        int n = d[0], h = d[2], w = d[3];
        int[] a = net.node(layer).shape();
        int c = a[0], lh = a[1], lw = a[2], lp = lh * lw;
        try (Pass pass = ex.inspect(Map.of(Inputs.input(ex), images), Set.of(layer))) {
            float[] logits = pass.output(Inputs.output(ex)).toArray();
            int classes = logits.length / n;
            int[] t = Scores.targets(logits, n, targets);
            float[] p = Scores.of(Scores.probabilities(logits, n), n, t);
            float[] act = pass.activation(layer).toArray();
            float[] grad;
            try (Tensor seed = ex.backend().tensor(Scores.oneHot(t, classes), n, classes)) {
                Map<String, Tensor> g = ex.gradients(pass, GradientRequest.of(Inputs.output(ex), seed, layer));
                try (Tensor gl = g.get(layer)) {
                    grad = gl.toArray();
                }
            }
            float[] maps = new float[n * h * w];
            for (int i = 0; i < n; i++) {
                float[] cam = new float[lp];
                for (int ch = 0; ch < c; ch++) {
                    int base = (i * c + ch) * lp;
                    double alpha = 0;
                    for (int q = 0; q < lp; q++) {
                        alpha += grad[base + q];
                    }
                    alpha /= lp;
                    for (int q = 0; q < lp; q++) {
                        cam[q] += (float) (alpha * act[base + q]);
                    }
                }
                for (int q = 0; q < lp; q++) {
                    cam[q] = Math.max(cam[q], 0f);
                }
                System.arraycopy(upsample(cam, lh, lw, h, w), 0, maps, i * h * w, h * w);
            }
            return new Explanation(NAME, n, h, w, maps, t, p);
        }
    }

    /**
     * {@code map} ({@code sh x sw}) resized to {@code h x w} bilinearly, pixel centres aligned (the
     * source coordinate of target pixel x is {@code (x + 0.5) * sw / w - 0.5}, clamped to the edges).
     */
    static float[] upsample(float[] map, int sh, int sw, int h, int w) {
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            double sy = Math.min(Math.max((y + 0.5) * sh / h - 0.5, 0), sh - 1);
            int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, sh - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(Math.max((x + 0.5) * sw / w - 0.5, 0), sw - 1);
                int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, sw - 1);
                double fx = sx - x0;
                double top = map[y0 * sw + x0] * (1 - fx) + map[y0 * sw + x1] * fx;
                double bottom = map[y1 * sw + x0] * (1 - fx) + map[y1 * sw + x1] * fx;
                out[y * w + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
