package org.lamina.backend;

/**
 * Local response normalization across channels (PyTorch's convention: alpha divided by size); forward and backward.
 */
public interface LocalResponseNormOps {
}
