package org.lamina.explain;

import org.lamina.exec.Executor;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * The class score's input gradient with every ReLU of the network differentiated by a visualization
 * rule instead of its derivative: guided backpropagation (Springenberg et al. 2015) passes only
 * positive gradients where the unit was active, which gives sharp pictures of the features that
 * excite the class; the deconvnet (Zeiler and Fergus 2014) passes the positive gradients whatever the
 * unit did. Maps are each pixel's largest magnitude over the channels.
 */
public final class GuidedBackprop {
    public static final String GUIDED = "guided";
    public static final String DECONVNET = "deconvnet";

    private GuidedBackprop() {
    }

    /** Guided backpropagation of {@code images} for {@code targets} (null: the predicted classes). */
    public static Explanation guided(Executor ex, Tensor images, int[] targets) {
        return InputGradient.of(GUIDED, ex, images, targets, ReluRule.GUIDED).explanation(GUIDED, images);
    }

    /** The deconvnet's reconstruction of {@code images} for {@code targets} (null: the predicted classes). */
    public static Explanation deconvnet(Executor ex, Tensor images, int[] targets) {
        return InputGradient.of(DECONVNET, ex, images, targets, ReluRule.DECONVNET).explanation(DECONVNET, images);
    }
}
