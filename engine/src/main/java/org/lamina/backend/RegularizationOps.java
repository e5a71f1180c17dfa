package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/** In-place weight regularization terms that need more than a scaled sum (L2 is {@link ElementwiseOps#accumulate}). */
@ProviderType
public interface RegularizationOps {

    /** {@code grad += lambda * sign(w)}, the gradient of {@code lambda * |w|_1}; equal sizes. */
    void addL1(Tensor grad, Tensor w, double lambda);

    /**
     * Rescales every output unit's incoming weights (the rows of {@code w} along dimension 0) whose
     * L2 norm exceeds {@code max} to norm {@code max}.
     */
    void maxNorm(Tensor w, double max);
}
