package org.lamina.ops;

import org.lamina.backend.Backend;
import org.lamina.backend.DropoutOps;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/**
 * Inverted dropout, for training: each value is zeroed with probability {@code p}, and the kept ones
 * are scaled by {@code 1/(1-p)} so that the expected value is unchanged (evaluation skips the op).
 *
 * <p>The mask comes from a counter-based generator (Philox4x32-10) keyed by the {@code seed} and the
 * element index, the same on every backend (the rule is in {@link DropoutOps}): a run is reproducible
 * and the OpenCL and Java backends agree bit for bit. The mask is not stored: backward, given the same
 * seed, regenerates it, so the gradient flows exactly where the values did. Use a fresh seed per step
 * and per layer.
 */
public final class Dropout {
    public static final String NAME = "dropout";

    private final double p;

    /** @throws IllegalArgumentException when {@code p} is outside {@code [0, 1)} */
    public Dropout(double p) {
        if (p == 1) {
            throw new IllegalArgumentException(NAME + ": p 1.0 is outside [0, 1): dropping every value would "
                    + "scale the kept ones by 1/(1-p) = 1/0");
        }
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(NAME + ": p " + p + " is outside [0, 1)");
        }
        this.p = p;
    }

    public double p() {
        return p;
    }

    /** {@code mask * x} for the mask of {@code seed}, a new tensor. With p = 0, a copy of {@code x}. */
    public Tensor forward(Tensor x, long seed) {
        return x.backend().dropout().forward(x, p, seed);
    }

    /** The input gradient {@code mask * dy}, with the mask {@link #forward} drew for the same seed. */
    public Tensor backward(Tensor dy, long seed) {
        return dy.backend().dropout().backward(dy, p, seed);
    }

    /** The mask of {@code seed} for tensors of {@code shape}: 0 where dropped, {@code 1/(1-p)} where kept. */
    public Tensor mask(Backend backend, long seed, int... shape) {
        return backend.dropout().mask(Shape.of(shape).dims(), p, seed);
    }

    @Override
    public String toString() {
        return NAME + "(p=" + p + ")";
    }
}
