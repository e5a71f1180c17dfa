package org.lamina.backend;

/**
 * In-place parameter updates: SGD (PyTorch and Caffe/AlexNet momentum conventions, Nesterov, weight decay), Adam, AdamW, RMSprop, Adagrad.
 */
public interface OptimizerOps {
}
