package org.lamina.ops;

import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * Element-wise sum of two tensors of one shape ({@code c = a + b}, residual connections), and the
 * in-place accumulation {@code target += source} with which automatic differentiation sums the
 * gradients of a value that feeds several ops.
 */
public final class Add {
    public static final String NAME = "add";

    /** {@code a + b}, a new tensor; the shapes must be equal. */
    public Tensor forward(Tensor a, Tensor b) {
        check(NAME, "b", a, b);
        return a.backend().elementwise().add(a, b);
    }

    /** The gradients of the two inputs of an {@link Add}; closing closes both. */
    public record InputGradients(Tensor a, Tensor b) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    /**
     * The gradients of {@code a} and {@code b}: each is {@code dy} itself; returned as two copies the
     * caller owns.
     */
    public InputGradients backward(Tensor dy) {
        var ops = dy.backend().elementwise();
        Tensor da = ops.copy(dy);
        try {
            return new InputGradients(da, ops.copy(dy));
        } catch (RuntimeException e) {
            da.close();
            throw e;
        }
    }

    /** {@code target += source} in place; the shapes must be equal. */
    public static void accumulate(Tensor target, Tensor source) {
        accumulate(target, source, 1.0);
    }

    /**
     * {@code target += alpha * source} in place; the shapes must be equal.
     *
     * @throws IllegalArgumentException for shapes that differ, tensors on two backends, or an
     *     {@code alpha} that is not finite
     */
    public static void accumulate(Tensor target, Tensor source, double alpha) {
        check("accumulate", "source", target, source);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("accumulate: alpha " + alpha + " is not a finite number");
        }
        target.backend().elementwise().accumulate(target, source, alpha);
    }

    private static void check(String op, String name, Tensor first, Tensor second) {
        Tensors.requireOn(first.backend(), op, name, second);
        Tensors.requireShape(op, name, second, first.dims());
    }

    @Override
    public String toString() {
        return NAME;
    }
}
