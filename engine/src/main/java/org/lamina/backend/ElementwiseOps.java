package org.lamina.backend;

/**
 * Element-wise and structural ops: add (residual connections), accumulate in place, multiply by a scalar, concatenation along channels and its backward split.
 */
public interface ElementwiseOps {
}
