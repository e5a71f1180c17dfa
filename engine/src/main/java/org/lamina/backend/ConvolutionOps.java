package org.lamina.backend;

import org.lamina.geometry.ConvGeometry;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The convolution primitives of a backend, in terms of a forward convolution's
 * {@link ConvGeometry}: input {@code [N, C, H, W]}, weight {@code [K, C/groups, kH, kW]}, output
 * {@code [N, K, Ho, Wo]}. A transposed convolution is {@link #backwardData} with a bias. Every
 * method returns a new tensor that the caller owns.
 */
@ProviderType
public interface ConvolutionOps {

    /** {@code y = conv(x, w) + bias}; {@code bias} ({@code [K]}) may be null. */
    Tensor forward(Tensor x, Tensor w, Tensor bias, ConvGeometry g);

    /**
     * The gradient of the input, {@code dx = conv^T(dy, w)}, plus {@code bias} ({@code [C]}, may be
     * null) per channel of {@code dx}: with a bias, this is the transposed convolution's forward pass.
     */
    Tensor backwardData(Tensor dy, Tensor w, Tensor bias, ConvGeometry g);

    /** The gradient of the weight, summed over the batch. */
    Tensor backwardFilter(Tensor x, Tensor dy, ConvGeometry g);

    /** The gradient of a per-channel bias: {@code dy} ({@code [N, C, ...]}) summed over all but dimension 1. */
    Tensor biasGrad(Tensor dy);

    /**
     * Builds now what the three passes of {@code g} will use (the algorithms picked for it), for
     * {@link Backend#prepare}; the default builds nothing.
     */
    default void prepare(ConvGeometry g) {
    }
}
