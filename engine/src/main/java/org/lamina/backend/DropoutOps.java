package org.lamina.backend;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Inverted dropout with a counter-based random generator keyed by seed and element index, so every
 * backend draws the same mask and a run is reproducible.
 *
 * <p>The mask rule, identical on every backend: let {@code (w0, w1, w2, w3) = philox4x32_10(counter
 * = {b, b >>> 32, 0, 0}, key = {seed, seed >>> 32})} (Philox4x32-10 of Salmon et al., as in
 * Random123) for block {@code b = i >>> 2}; element {@code i} is kept when {@code w[i & 3]}, read
 * unsigned, is at least {@link #dropThreshold(double) dropThreshold(p)}, and a kept value is
 * multiplied by {@link #keepScale(double) keepScale(p)} {@code = (float) (1 / (1 - p))}.
 *
 * <p>The mask is never stored: backward regenerates it from the same seed and indices, so the
 * gradient passes exactly where the forward values did. Arguments are validated by
 * {@code org.lamina.ops.Dropout}; the backend trusts them.
 */
@ProviderType
public interface DropoutOps {

    /** {@code mask * x}: each value zeroed with probability {@code p} or scaled by {@code 1/(1-p)}. */
    Tensor forward(Tensor x, double p, long seed);

    /** {@code mask * dy} with the mask {@link #forward} drew for the same {@code p} and {@code seed}. */
    Tensor backward(Tensor dy, double p, long seed);

    /** The mask itself, {@code 0} or {@link #keepScale(double)} per element, of the given shape. */
    Tensor mask(int[] shape, double p, long seed);

    /**
     * The unsigned 32-bit threshold (as an int's bits) below which a Philox word drops its element:
     * {@code floor(p * 2^32)}, so the drop probability is {@code p} to within {@code 2^-32}.
     */
    static int dropThreshold(double p) {
        return (int) (long) Math.floor(p * 4294967296.0);
    }

    /** The factor of a kept value, {@code 1 / (1 - p)} rounded to float32 (the same on every backend). */
    static float keepScale(double p) {
        return (float) (1.0 / (1.0 - p));
    }
}
