package org.lamina.backend.opencl;

import org.lamina.backend.DropoutOps;
import org.lamina.opencl.dropout.DropoutKernels;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/** {@link DropoutOps} through the kernels of {@code dropout.cl}. */
final class OpenClDropout implements DropoutOps {
    private final OpenClBackend backend;
    private final DropoutKernels kernels;

    OpenClDropout(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new DropoutKernels(backend.context());
    }

    @Override
    public Tensor forward(Tensor x, double p, long seed) {
        var bx = backend.arg(x);
        return backend.produce(x.dims(), y -> kernels.apply(x.size(), seed, DropoutOps.dropThreshold(p),
                DropoutOps.keepScale(p), bx, y));
    }

    @Override
    public Tensor backward(Tensor dy, double p, long seed) {
        var bdy = backend.arg(dy);
        return backend.produce(dy.dims(), dx -> kernels.apply(dy.size(), seed, DropoutOps.dropThreshold(p),
                DropoutOps.keepScale(p), bdy, dx));
    }

    @Override
    public Tensor mask(int[] shape, double p, long seed) {
        int count = Shape.of(shape).size();
        return backend.produce(shape, m -> kernels.mask(count, seed, DropoutOps.dropThreshold(p),
                DropoutOps.keepScale(p), m));
    }
}
