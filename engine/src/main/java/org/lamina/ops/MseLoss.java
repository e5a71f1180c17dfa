package org.lamina.ops;

import org.lamina.backend.LossOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * Mean squared error (PyTorch's {@code mse_loss}, mean reduction) of two tensors of the same shape:
 * {@code loss = mean((input - target)^2)}. {@link #forward} computes the loss with both gradients,
 * {@code grad_input = 2 (input - target) / count} and {@code grad_target = -grad_input}.
 */
public final class MseLoss {
    public static final String NAME = "mse_loss";

    /**
     * The mean loss (shape {@code []}) and the gradients of the input and the target.
     *
     * @throws IllegalArgumentException for shapes that differ (no broadcasting), an empty input, or
     *     tensors on different devices
     */
    public LossOps.Result forward(Tensor input, Tensor target) {
        Tensors.requireOn(input.backend(), NAME, "target", target);
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(NAME + ": input " + input.shape() + " and target " + target.shape()
                    + " have different shapes (no broadcasting)");
        }
        if (input.size() == 0) {
            throw new IllegalArgumentException(NAME + ": input " + input.shape()
                    + " is empty; the mean over no values is undefined");
        }
        return input.backend().losses().mse(input, target);
    }

    @Override
    public String toString() {
        return NAME + "(reduction mean)";
    }
}
