package org.lamina.backend;

import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Local response normalization across the channels (dimension 1) of an {@code [N, C, H, W]} tensor,
 * PyTorch's convention: alpha is divided by size (see {@link LocalResponseNormParams}); forward and
 * backward. Every method returns a new tensor that the caller owns.
 */
@ProviderType
public interface LocalResponseNormOps {

    /** {@code y[n,c] = x[n,c] / (k + alpha/size * sum over the window of x[n,c']^2)^beta}. */
    Tensor forward(Tensor x, LocalResponseNormParams p);

    /** The input gradient for input {@code x} and output gradient {@code dy} (same shape as {@code x}). */
    Tensor backward(Tensor x, Tensor dy, LocalResponseNormParams p);
}
