package org.lamina.geometry;

/**
 * The parameters of local response normalization across channels, PyTorch's convention:
 * {@code out[n,c] = in[n,c] / (k + (alpha/size) * sum_{c'} in[n,c']^2)^beta}, the sum over
 * {@code c' = c - floor(size/2) .. c + floor((size-1)/2)} with channels outside {@code [0, C)}
 * counting as zero. Note that alpha is divided by size: the AlexNet paper's {@code alpha = 1e-4}
 * applies per term, which is PyTorch's {@code alpha = 1e-4 * size}.
 *
 * @param size the number of channels in the window, at least 1 (even sizes reach one channel further back)
 * @param alpha the scale of the mean of squares, finite and not negative
 * @param beta the exponent, finite and not negative
 * @param k the additive constant, finite and not negative
 *
 * <p>The constructor throws an {@link IllegalArgumentException} naming the op, the parameter and its value.
 */
public record LocalResponseNormParams(int size, double alpha, double beta, double k) {
    /** The op's name in messages. */
    public static final String OP = "local_response_norm";

    public LocalResponseNormParams {
        if (size < 1) {
            throw new IllegalArgumentException(OP + ": size must be at least 1 but is " + size);
        }
        check("alpha", alpha);
        check("beta", beta);
        check("k", k);
    }

    /** PyTorch's defaults for {@code size}: alpha 1e-4, beta 0.75, k 1. */
    public static LocalResponseNormParams pytorchDefaults(int size) {
        return new LocalResponseNormParams(size, 1e-4, 0.75, 1.0);
    }

    /**
     * AlexNet's layer as PyTorch models write it, {@code LocalResponseNorm(5, alpha=1e-4, beta=0.75,
     * k=2)} (the {@code lrn_alexnet} reference case). PyTorch divides alpha by size, so this applies
     * 2e-5 per squared term; the paper's 1e-4 per term is {@code alpha = 5e-4} here.
     */
    public static LocalResponseNormParams alexNet() {
        return new LocalResponseNormParams(5, 1e-4, 0.75, 2.0);
    }

    /** The factor of each squared term, {@code alpha / size}. */
    public double alphaPerTerm() {
        return alpha / size;
    }

    /** Channels before {@code c} in its window: {@code floor(size/2)}. */
    public int before() {
        return size / 2;
    }

    /** Channels after {@code c} in its window: {@code floor((size-1)/2)}. */
    public int after() {
        return (size - 1) / 2;
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(OP + ": " + name + " must be finite and not negative but is " + v);
        }
    }

    @Override
    public String toString() {
        return "size=" + size + " alpha=" + alpha + " beta=" + beta + " k=" + k;
    }
}
