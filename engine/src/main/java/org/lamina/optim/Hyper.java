package org.lamina.optim;

/** The range checks the hyper-parameter records share; every message names the optimizer, the parameter and the value. */
final class Hyper {
    private Hyper() {
    }

    static void positive(String optimizer, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " " + v + " must be a positive number");
        }
    }

    static void nonNegative(String optimizer, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " " + v + " must be zero or positive");
        }
    }

    /** {@code 0 <= v < 1}: a decay factor whose running average must keep forgetting. */
    static void decay(String optimizer, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " " + v + " is outside [0, 1)");
        }
    }

    /** {@code 0 <= v <= 1}. */
    static void fraction(String optimizer, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " " + v + " is outside [0, 1]");
        }
    }
}
