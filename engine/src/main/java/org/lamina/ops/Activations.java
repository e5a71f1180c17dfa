package org.lamina.ops;

import org.lamina.backend.ActivationOps.Function;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/** The checks and calls the activation op classes share. */
final class Activations {
    private Activations() {
    }

    static Tensor forward(Function f, Tensor x, double param) {
        return x.backend().activations().forward(f, x, param);
    }

    /** {@code saved} is the forward input or output, as {@link Function#backwardFromOutput()} says. */
    static Tensor backward(Function f, Tensor saved, Tensor dy, double param) {
        Tensors.requireOn(saved.backend(), f.opName(), "grad_output", dy);
        Tensors.requireShape(f.opName(), "grad_output", dy, saved.dims());
        return saved.backend().activations().backward(f, saved, dy, param);
    }

    /** A parameter of an activation (slope, alpha) must be a finite number. */
    static double finite(String op, String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(op + ": " + parameter + " " + value + " is not a finite number");
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
