package org.lamina.ops;

import org.lamina.backend.LossOps;
import org.lamina.tensor.Tensor;

/**
 * The content loss of neural style transfer at one layer (Gatys et al.): the mean squared error
 * between the features and the content image's features at that layer, times a weight:
 * {@code loss = weight * mean((x - target)^2)}; the target is a constant (no gradient).
 */
public final class ContentLoss {
    public static final String NAME = "content_loss";

    private final double weight;

    /**
     * @throws IllegalArgumentException for a weight that is negative or not finite
     */
    public ContentLoss(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(NAME + ": weight " + weight + " must be a finite number >= 0");
        }
        this.weight = weight;
    }

    public double weight() {
        return weight;
    }

    /** The weighted loss (shape {@code []}) and the gradient of {@code features}; {@code gradTarget} is null. */
    public LossOps.Result forward(Tensor features, Tensor target) {
        var ew = features.backend().elementwise();
        try (LossOps.Result mse = new MseLoss().forward(features, target)) {
            Tensor dx = ew.scale(mse.gradInput(), weight);
            try {
                return new LossOps.Result(ew.scale(mse.loss(), weight), dx, null);
            } catch (RuntimeException e) {
                dx.close();
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return NAME + "(weight " + weight + ")";
    }
}
