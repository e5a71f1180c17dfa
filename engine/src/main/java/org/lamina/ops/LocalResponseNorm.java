package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.Tensors;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.tensor.Tensor;

/**
 * Local response normalization across the channels of {@code [N, C, H, W]}, as PyTorch's
 * {@code local_response_norm}: {@code out[n,c] = in[n,c] / (k + (alpha/size) * sum in[n,c']^2)^beta}
 * over the window {@code c' = c - floor(size/2) .. c + floor((size-1)/2)}, channels outside
 * {@code [0, C)} counting as zero. Alpha is divided by size (see {@link LocalResponseNormParams}
 * for AlexNet's setting in this convention).
 *
 * <p>Backward recomputes the normalizers from the input, so it needs only the input and the output
 * gradient.
 */
public final class LocalResponseNorm {
    public static final String NAME = LocalResponseNormParams.OP;

    private final LocalResponseNormParams params;

    public LocalResponseNorm(LocalResponseNormParams params) {
        this.params = params;
    }

    /**
     * @throws IllegalArgumentException when {@code size < 1} or a parameter is negative or not finite
     */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this(new LocalResponseNormParams(size, alpha, beta, k));
    }

    public LocalResponseNormParams params() {
        return params;
    }

    /** The normalized input, same shape. */
    public Tensor forward(Tensor x) {
        check(x);
        return x.backend().localResponseNorm().forward(x, params);
    }

    /** The input gradient for upstream gradient {@code dy}. */
    public Tensor backward(Tensor x, Tensor dy) {
        check(x);
        Tensors.requireOn(x.backend(), NAME, "grad_output", dy);
        Tensors.requireShape(NAME, "grad_output", dy, x.dims());
        return x.backend().localResponseNorm().backward(x, dy, params);
    }

    private static void check(Tensor x) {
        int[] d = x.dims();
        if (d.length != 4) {
            throw new IllegalArgumentException(NAME + ": input must have 4 dimensions (N, C, H, W) but has shape "
                    + Arrays.toString(d));
        }
        for (int v : d) {
            if (v < 1) {
                throw new IllegalArgumentException(NAME + ": input shape " + Arrays.toString(d)
                        + " has a dimension below 1");
            }
        }
    }

    @Override
    public String toString() {
        return NAME + "(" + params + ")";
    }
}
