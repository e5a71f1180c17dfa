package org.lamina.backend;

import java.util.List;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Element-wise and structural ops: add (residual connections), accumulate in place, multiply by a
 * scalar, fill, copy, concatenation along dimension 1 (channels) and its backward split. Methods
 * that make a tensor return a new one the caller owns; the in-place ones change their target.
 * Arguments are validated by the op classes ({@code org.lamina.ops}); the backend trusts them.
 */
@ProviderType
public interface ElementwiseOps {

    /** {@code a + b}, shapes equal. */
    Tensor add(Tensor a, Tensor b);

    /**
     * {@code target += alpha * source} in place, equal sizes; how automatic differentiation sums the
     * gradients of a value used more than once ({@code alpha} 1).
     */
    void accumulate(Tensor target, Tensor source, double alpha);

    /** {@code alpha * x} as a new tensor. */
    Tensor scale(Tensor x, double alpha);

    /** {@code x *= alpha} in place. */
    void scaleInPlace(Tensor x, double alpha);

    /** Sets every value of {@code target} to {@code value}. */
    void fill(Tensor target, double value);

    /** A copy of {@code x} with its own storage. */
    Tensor copy(Tensor x);

    /**
     * Concatenation along dimension 1 of tensors whose other dimensions are equal
     * ({@code [N, C_i, ...]} into {@code [N, sum C_i, ...]}).
     */
    Tensor concat(List<Tensor> inputs);

    /**
     * The backward of {@link #concat}: {@code dy} ({@code [N, sum C_i, ...]}) cut along dimension 1
     * into tensors of {@code channels[i]} channels each.
     */
    List<Tensor> split(Tensor dy, int[] channels);
}
