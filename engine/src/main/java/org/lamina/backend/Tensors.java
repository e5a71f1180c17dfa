package org.lamina.backend;

import java.util.Arrays;
import org.lamina.tensor.Tensor;

/** Checks every backend makes on the tensors it is given. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * Checks that {@code t} lives on {@code backend}.
     *
     * @throws IllegalArgumentException naming the op, the argument and both devices
     */
    public static void requireOn(Backend backend, String op, String argument, Tensor t) {
        if (t != null && t.backend() != backend) {
            throw new IllegalArgumentException(op + ": " + argument + " is on " + t.location()
                    + " but the op runs on " + backend.device() + "; tensors on different devices cannot be combined"
                    + " (copy with backend.to(tensor))");
        }
    }

    /**
     * The precondition a backend keeps on the tensors an op hands it: that {@code t} lives on
     * {@code backend}. The op has checked this with its name and the argument's
     * ({@link #requireOn(Backend, String, String, Tensor)}); this catches a caller of the backend
     * interface that skipped the op, before a kernel reads another device's memory.
     *
     * @throws IllegalArgumentException naming both devices
     */
    public static void requireOn(Backend backend, Tensor t) {
        if (t != null && t.backend() != backend) {
            throw new IllegalArgumentException("a tensor " + t.shape() + " on " + t.location() + " was given to "
                    + backend.device() + "; tensors on different devices cannot be combined (copy with "
                    + "backend.to(tensor))");
        }
    }

    /**
     * Checks that {@code t} has the dimensions {@code expected}.
     *
     * @throws IllegalArgumentException naming the op, the argument and both shapes
     */
    public static void requireShape(String op, String argument, Tensor t, int... expected) {
        if (!Arrays.equals(t.dims(), expected)) {
            throw new IllegalArgumentException(op + ": " + argument + " has shape " + t.shape() + " but "
                    + Arrays.toString(expected) + " is expected");
        }
    }
}
