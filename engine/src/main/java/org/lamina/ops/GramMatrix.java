package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * The Gram matrix of feature maps, the style representation of neural style transfer (Gatys et al.):
 * input {@code [N, C, H, W]}, output {@code [N, C, C]}, {@code G[n] = F[n] F[n]^T / (C*H*W)} with
 * {@code F[n]} = sample n reshaped to {@code [C, H*W]}. Normalizing by the feature map's size keeps
 * style losses of layers of different sizes comparable.
 *
 * <p>Backward: {@code dx[n] = (dG[n] + dG[n]^T) F[n] / (C*H*W)}.
 */
public final class GramMatrix {
    public static final String NAME = "gram_matrix";

    /** {@code G [N, C, C]}. */
    public Tensor forward(Tensor x) {
        check(x);
        return x.backend().gram().forward(x);
    }

    /** The gradient of the input for upstream gradient {@code dG [N, C, C]}. */
    public Tensor backward(Tensor x, Tensor gradOutput) {
        check(x);
        Tensors.requireOn(x.backend(), NAME, "grad_output", gradOutput);
        Tensors.requireShape(NAME, "grad_output", gradOutput, x.dim(0), x.dim(1), x.dim(1));
        return x.backend().gram().backward(x, gradOutput);
    }

    private static void check(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(NAME + ": input must have 4 dimensions [N, C, H, W], not " + x.rank()
                    + " (" + x.shape() + ")");
        }
        for (int d = 1; d < 4; d++) {
            if (x.dim(d) < 1) {
                throw new IllegalArgumentException(NAME + ": input " + x.shape()
                        + " has an empty feature map; its Gram matrix (divided by C*H*W) is undefined");
            }
        }
    }

    @Override
    public String toString() {
        return NAME + "(normalization C*H*W)";
    }
}
