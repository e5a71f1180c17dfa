/**
 * JMH benchmarks of Lamina's kernels and training steps on every device found; they arrive with the
 * performance work.
 */
package org.lamina.benchmarks;
