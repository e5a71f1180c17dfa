package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.Backend;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * A fully connected layer (PyTorch's {@code nn.Linear}): input {@code [N, in_features]}, weight
 * {@code [out_features, in_features]}, optional bias {@code [out_features]}; output
 * {@code y = x W^T + b}, {@code [N, out_features]}. Inputs of higher rank (a convolution's
 * {@code [N, C, H, W]}) are flattened by the caller with {@link Tensor#reshape}, which copies nothing.
 *
 * <p>Backward: {@code dx = dy W}, {@code dW = dy^T x} (summed over the batch), {@code db} = the sum of
 * {@code dy} over the batch.
 */
public final class Linear {
    public static final String NAME = "linear";

    private final int inFeatures;
    private final int outFeatures;

    /**
     * @throws IllegalArgumentException when a feature count is below 1
     */
    public Linear(int inFeatures, int outFeatures) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException(NAME + ": in_features " + inFeatures + " and out_features "
                    + outFeatures + " must both be at least 1");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
    }

    /** The layer that {@code weight} ({@code [out_features, in_features]}) describes. */
    public static Linear of(Tensor weight) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException(NAME + ": weight must have 2 dimensions [out_features, in_features], not "
                    + weight.rank() + " (" + weight.shape() + ")");
        }
        return new Linear(weight.dim(1), weight.dim(0));
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** {@code y = x W^T + bias}; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor w, Tensor bias) {
        check(x, w, bias);
        return x.backend().dense().forward(x, w, bias);
    }

    /**
     * The gradients for upstream gradient {@code dy} ({@code [N, out_features]}): of the input (when
     * {@code inputGrad}), the weight, and the bias (when {@code bias} is not null).
     */
    public Gradients backward(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad) {
        check(x, w, bias);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, x.dim(0), outFeatures);
        var ops = x.backend().dense();
        Tensor dx = null, dw = null;
        try {
            dx = inputGrad ? ops.backwardInput(dy, w) : null;
            dw = ops.backwardWeight(x, dy);
            Tensor db = bias != null ? ops.backwardBias(dy) : null;
            return new Gradients(dx, dw, db);
        } catch (RuntimeException e) {
            new Gradients(dx, dw, null).close();
            throw e;
        }
    }

    /** Checks ranks, shapes and devices of the forward pass's tensors. */
    void check(Tensor x, Tensor w, Tensor bias) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(NAME + ": input must have 2 dimensions [N, in_features], not "
                    + x.rank() + " (" + x.shape() + "); flatten it first with reshape");
        }
        if (w.rank() != 2) {
            throw new IllegalArgumentException(NAME + ": weight must have 2 dimensions [out_features, in_features], not "
                    + w.rank() + " (" + w.shape() + ")");
        }
        if (x.dim(1) != inFeatures) {
            throw new IllegalArgumentException(NAME + ": input " + x.shape() + " has " + x.dim(1)
                    + " features but in_features is " + inFeatures + " (weight " + w.shape() + ")");
        }
        if (w.dim(0) != outFeatures || w.dim(1) != inFeatures) {
            throw new IllegalArgumentException(NAME + ": weight has shape " + w.shape() + " but "
                    + Arrays.toString(new int[] {outFeatures, inFeatures}) + " is expected (out_features "
                    + outFeatures + ", in_features " + inFeatures + ")");
        }
        Backend b = x.backend();
        Tensors.requireOn(b, NAME, "weight", w);
        Tensors.requireOn(b, NAME, "bias", bias);
        if (bias != null) {
            Tensors.requireShape(NAME, "bias", bias, outFeatures);
        }
    }

    @Override
    public String toString() {
        return NAME + "(in_features " + inFeatures + ", out_features " + outFeatures + ")";
    }
}
