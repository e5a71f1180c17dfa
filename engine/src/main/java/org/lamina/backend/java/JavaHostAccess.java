package org.lamina.backend.java;

import org.lamina.backend.Tensors;
import org.lamina.device.HostAccess;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/** The Java backend's tensors as the arrays they are, for plugins' host code. */
final class JavaHostAccess implements HostAccess {
    private final JavaBackend backend;

    JavaHostAccess(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public String device() {
        return backend.device();
    }

    @Override
    public float[] data(String op, String argument, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + argument + " is missing");
        }
        Tensors.requireOn(backend, op, argument, t);
        return backend.data(t);
    }

    @Override
    public Tensor allocate(int... shape) {
        return backend.zeros(shape);
    }

    @Override
    public Tensor wrap(float[] values, int... shape) {
        Shape s = Shape.of(shape);
        if (values.length != s.size()) {
            throw new IllegalArgumentException("wrap: " + values.length + " values do not fill shape " + s);
        }
        return new Tensor(s, backend, new HostStorage(values, backend.memory()));
    }
}
