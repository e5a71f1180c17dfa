package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * The checked entry of every element-wise activation: the op classes ({@link ReLU}, {@link ELU}, ...)
 * and the graph's {@code layers.Activation} both go through here, so their parameters and gradients
 * are checked alike, once.
 */
public final class Activations {
    private Activations() {
    }

    /** {@code y = f(x)} with {@code f}'s parameter, a new tensor; the parameter as {@link #parameter} checks it. */
    public static Tensor forward(Function f, Tensor x, double param) {
        return x.backend().activations().forward(f, x, parameter(f, param));
    }

    /**
     * The input gradient; {@code saved} is the forward input or output, as
     * {@link Function#backwardFromOutput()} says.
     *
     * @throws IllegalArgumentException when {@code dy} lives elsewhere or has another shape than {@code saved}
     */
    public static Tensor backward(Function f, Tensor saved, Tensor dy, double param) {
        Tensors.requireOn(saved.backend(), f.opName(), "grad_output", dy);
        Tensors.requireShape(f.opName(), "grad_output", dy, saved.dims());
        return saved.backend().activations().backward(f, saved, dy, parameter(f, param));
    }

    /**
     * {@code value} as {@code f}'s parameter: leaky ReLU's negative slope a finite number of 0 or more
     * (so that the output has the input's sign, and a gradient may follow from either), ELU's alpha a
     * finite positive number; the other functions take none and ignore it.
     *
     * @throws IllegalArgumentException naming the function, the parameter and the value otherwise
     */
    public static double parameter(Function f, double value) {
        if (f == Function.LEAKY_RELU && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(f.opName() + ": negative_slope " + value
                    + " must be a finite number >= 0");
        }
        if (f == Function.ELU && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(f.opName() + ": alpha " + value + " must be a finite positive number");
        }
        return value;
    }

    /** Softmax and log-softmax run over dimension 1: the input needs at least two dimensions. */
    static void requireClasses(String op, Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": input has shape " + x.shape() + " but " + op
                    + " runs over dimension 1 of [N, classes] or [N, classes, ...] (at least 2 dimensions)");
        }
    }

    static Tensor softmaxBackward(String op, Tensor y, Tensor dy, boolean log) {
        requireClasses(op, y);
        Tensors.requireOn(y.backend(), op, "grad_output", dy);
        Tensors.requireShape(op, "grad_output", dy, y.dims());
        return y.backend().activations().softmaxBackward(y, dy, log);
    }
}
