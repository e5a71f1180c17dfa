package org.lamina.backend;

/**
 * Inverted dropout with a counter-based random generator keyed by seed and element index, so every backend draws the same mask.
 */
public interface DropoutOps {
}
