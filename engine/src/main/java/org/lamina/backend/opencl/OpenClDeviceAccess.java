package org.lamina.backend.opencl;

import java.util.Map;
import org.lamina.backend.Tensors;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.elementwise.ElementwiseKernels;
import org.lamina.tensor.Tensor;

/** The OpenCL backend's context, buffers and program cache, opened to plugins' kernels. */
final class OpenClDeviceAccess implements OpenClAccess {
    private final OpenClBackend backend;

    OpenClDeviceAccess(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public String device() {
        return backend.device();
    }

    @Override
    public ClContext context() {
        return backend.context();
    }

    @Override
    public Buffer buffer(String op, String argument, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + argument + " is missing");
        }
        Tensors.requireOn(backend, op, argument, t);
        return OpenClBackend.buffer(t);
    }

    @Override
    public Tensor allocate(int... shape) {
        return backend.allocate(shape);
    }

    @Override
    public Program program(ProgramSource source, Map<String, ?> defines) {
        return backend.context().program(source, defines);
    }

    @Override
    public int defaultWorkGroup() {
        return backend.tuning().tuning(ElementwiseKernels.Tuning.SPEC).workGroup();
    }
}
