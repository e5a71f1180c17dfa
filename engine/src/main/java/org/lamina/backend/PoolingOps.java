package org.lamina.backend;

/**
 * Pooling: max pooling with argmax indices, average pooling (count_include_pad, ceil_mode), global and adaptive average pooling; forward and backward.
 */
public interface PoolingOps {
}
