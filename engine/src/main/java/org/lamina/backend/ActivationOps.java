package org.lamina.backend;

/**
 * Element-wise activations (ReLU, leaky ReLU, ELU, sigmoid, tanh) and softmax / log-softmax over classes; forward and backward.
 */
public interface ActivationOps {
}
