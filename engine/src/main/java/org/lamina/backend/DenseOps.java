package org.lamina.backend;

/**
 * Fully connected layers, {@code y = x W^T + b}, and their gradients, through matrix products in every transposition.
 */
public interface DenseOps {
}
