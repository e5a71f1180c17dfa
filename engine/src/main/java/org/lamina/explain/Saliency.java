package org.lamina.explain;

import org.lamina.exec.Executor;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * Vanilla saliency (Simonyan, Vedaldi and Zisserman 2014): the gradient of the class score (the
 * logit, before softmax) with respect to the input image, each pixel's largest magnitude over the
 * channels. Bright pixels are those whose small change moves the score most.
 */
public final class Saliency {
    public static final String NAME = "saliency";

    private Saliency() {
    }

    /**
     * The saliency maps of {@code images} ({@code [N, C, H, W]}, on the model's backend, kept by the
     * caller) for {@code targets} (one class per image), or for each image's predicted class when
     * {@code targets} is null.
     */
    public static Explanation compute(Executor ex, Tensor images, int[] targets) {
        return InputGradient.of(NAME, ex, images, targets, ReluRule.NORMAL).explanation(NAME, images);
    }

    /** The raw input gradient {@code [N, C, H, W]} behind the maps, for callers that show its sign. */
    public static float[] gradient(Executor ex, Tensor images, int[] targets) {
        return InputGradient.of(NAME, ex, images, targets, ReluRule.NORMAL).gradient();
    }
}
