package org.lamina.ops;

import org.lamina.tensor.Tensor;

/** A copy of a tensor with storage of its own (unlike {@link Tensor#reshape}, which shares). */
public final class Copy {
    public static final String NAME = "copy";

    private Copy() {
    }

    /** A new tensor with the shape and values of {@code x}. */
    public static Tensor apply(Tensor x) {
        return x.backend().elementwise().copy(x);
    }
}
