package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fully connected layers, {@code y = x W^T + b}, and their gradients, through matrix products in every
 * transposition. Shapes: input {@code x [N, in]}, weight {@code W [out, in]} (PyTorch's layout),
 * bias {@code b [out]}, output {@code y [N, out]}. The op ({@code org.lamina.ops.Linear}) validates
 * shapes and devices before calling; every method returns a new tensor that the caller owns.
 */
@ProviderType
public interface DenseOps {

    /** {@code y = x W^T + bias}, {@code [N, out]}; {@code bias} may be null. */
    Tensor forward(Tensor x, Tensor w, Tensor bias);

    /** The gradient of the input, {@code dx = dy W}, {@code [N, in]}, for {@code dy [N, out]}. */
    Tensor backwardInput(Tensor dy, Tensor w);

    /** The gradient of the weight, {@code dW = dy^T x}, {@code [out, in]}, summed over the batch. */
    Tensor backwardWeight(Tensor x, Tensor dy);

    /** The gradient of the bias, {@code db[j] = sum over n of dy[n, j]}, {@code [out]}. */
    Tensor backwardBias(Tensor dy);
}
