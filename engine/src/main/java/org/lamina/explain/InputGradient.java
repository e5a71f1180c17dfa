package org.lamina.explain;

import java.util.Map;
import java.util.Set;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Pass;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * The gradient of each image's target class score with respect to the image, the ReLUs
 * differentiated by a rule: what saliency, guided backpropagation and the deconvnet share.
 *
 * @param gradient {@code [N, C, H, W]}
 */
record InputGradient(float[] gradient, int[] targets, float[] probabilities) {

    static InputGradient of(String method, Executor ex, Tensor images, int[] targets, ReluRule rule) {
        Inputs.check(method, ex, images);
        int n = images.dim(0);
        try (Pass pass = ex.inspect(Map.of(Inputs.input(ex), images), Set.of())) {
            float[] logits = pass.output(Inputs.output(ex)).toArray();
            int[] t = Scores.targets(logits, n, targets);
            float[] p = Scores.of(Scores.probabilities(logits, n), n, t);
            try (Tensor seed = ex.backend().tensor(Scores.oneHot(t, logits.length / n), n, logits.length / n)) {
                Map<String, Tensor> g = ex.gradients(pass,
                        GradientRequest.of(Inputs.output(ex), seed, Inputs.input(ex)).with(rule));
                try (Tensor dx = g.get(Inputs.input(ex))) {
                    return new InputGradient(dx.toArray(), t, p);
                }
            }
        }
    }

    /** Each pixel's largest gradient magnitude over the channels (Simonyan et al. 2014): {@code [N, H, W]}. */
    float[] maxAbsOverChannels(int n, int c, int h, int w) {
        float[] map = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) {
                    float v = Math.abs(gradient[(i * c + ch) * h * w + p]);
                    if (v > map[i * h * w + p]) {
                        map[i * h * w + p] = v;
                    }
                }
            }
        }
        return map;
    }

    Explanation explanation(String method, Tensor images) {
        int[] d = images.dims();
        return new Explanation(method, d[0], d[2], d[3], maxAbsOverChannels(d[0], d[1], d[2], d[3]), targets,
                probabilities);
    }
}
