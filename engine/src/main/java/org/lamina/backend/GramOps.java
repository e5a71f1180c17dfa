package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Gram matrices of feature maps, the style representation of neural style transfer (Gatys et al.):
 * for an input {@code x [N, C, H, W]}, with {@code F[n]} its sample n as a {@code [C, H*W]} matrix,
 * {@code G[n] = F[n] F[n]^T / (C*H*W)}, {@code [N, C, C]}. The op ({@code org.lamina.ops.GramMatrix})
 * validates shapes and devices before calling; every method returns a new tensor that the caller owns.
 */
@ProviderType
public interface GramOps {

    /** {@code G [N, C, C]} of {@code x [N, C, H, W]} (C, H, W at least 1). */
    Tensor forward(Tensor x);

    /**
     * The gradient of the input, {@code dx[n] = (dG[n] + dG[n]^T) F[n] / (C*H*W)}, shaped like
     * {@code x}, for {@code gradOutput [N, C, C]}.
     */
    Tensor backward(Tensor x, Tensor gradOutput);
}
