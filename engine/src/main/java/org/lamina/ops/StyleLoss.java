package org.lamina.ops;

import org.lamina.backend.LossOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * The style loss of neural style transfer at one layer (Gatys et al.): the mean squared error between
 * the Gram matrix of the features and a target Gram matrix (the style image's), times a weight:
 * {@code loss = weight * mean((G(x) - G_target)^2)}, with {@link GramMatrix}'s normalization. The
 * gradient of the features chains the MSE's through the Gram matrix's backward rule; the target is a
 * constant (no gradient).
 */
public final class StyleLoss {
    public static final String NAME = "style_loss";

    private final double weight;
    private final GramMatrix gram = new GramMatrix();

    /**
     * @throws IllegalArgumentException for a weight that is negative or not finite
     */
    public StyleLoss(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(NAME + ": weight " + weight + " must be a finite number >= 0");
        }
        this.weight = weight;
    }

    public double weight() {
        return weight;
    }

    /**
     * The weighted loss (shape {@code []}) and the gradient of {@code features [N, C, H, W]} against
     * {@code targetGram [N, C, C]} (as {@link GramMatrix#forward} makes it); {@code gradTarget} is null.
     */
    public LossOps.Result forward(Tensor features, Tensor targetGram) {
        Tensors.requireOn(features.backend(), NAME, "target", targetGram);
        try (Tensor g = gram.forward(features)) {
            if (!g.shape().equals(targetGram.shape())) {
                throw new IllegalArgumentException(NAME + ": features " + features.shape() + " have Gram matrices "
                        + g.shape() + " but the target is " + targetGram.shape());
            }
            var ew = features.backend().elementwise();
            try (LossOps.Result mse = features.backend().losses().mse(g, targetGram)) {
                Tensor dx = gram.backward(features, mse.gradInput());
                try {
                    ew.scaleInPlace(dx, weight);
                    return new LossOps.Result(ew.scale(mse.loss(), weight), dx, null);
                } catch (RuntimeException e) {
                    dx.close();
                    throw e;
                }
            }
        }
    }

    /** As {@link #forward} against the Gram matrices of {@code targetFeatures} (the style image's features). */
    public LossOps.Result forwardFeatures(Tensor features, Tensor targetFeatures) {
        Tensors.requireOn(features.backend(), NAME, "target", targetFeatures);
        try (Tensor target = gram.forward(targetFeatures)) {
            return forward(features, target);
        }
    }

    @Override
    public String toString() {
        return NAME + "(weight " + weight + ")";
    }
}
