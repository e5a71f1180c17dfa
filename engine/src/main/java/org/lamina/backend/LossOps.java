package org.lamina.backend;

/**
 * Loss functions returning the loss and the gradient of their input: softmax cross-entropy with integer labels, multi-class hinge, mean squared error.
 */
public interface LossOps {
}
