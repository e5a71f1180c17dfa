package org.lamina.backend;

import org.lamina.geometry.Conv3dGeometry;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The 3-D convolution primitives of a backend, in terms of a validated {@link Conv3dGeometry}: input
 * {@code [N, C, D, H, W]}, weight {@code [K, C/groups, kD, kH, kW]}, output {@code [N, K, Do, Ho, Wo]}.
 * The bias gradient is {@link ConvolutionOps#biasGrad}, which sums over any trailing dimensions. Every
 * method returns a new tensor that the caller owns.
 */
@ProviderType
public interface Convolution3dOps {

    /** {@code y = conv3d(x, w) + bias}; {@code bias} ({@code [K]}) may be null. */
    Tensor forward(Tensor x, Tensor w, Tensor bias, Conv3dGeometry g);

    /** The gradient of the input, the adjoint of {@link #forward} applied to {@code dy}. */
    Tensor backwardData(Tensor dy, Tensor w, Conv3dGeometry g);

    /** The gradient of the weight, summed over the batch. */
    Tensor backwardFilter(Tensor x, Tensor dy, Conv3dGeometry g);
}
