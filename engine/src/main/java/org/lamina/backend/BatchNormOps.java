package org.lamina.backend;

/**
 * 2-D batch normalization per channel: training mode (batch statistics, running-statistics update) and evaluation mode; gradients of input, gamma and beta.
 */
public interface BatchNormOps {
}
