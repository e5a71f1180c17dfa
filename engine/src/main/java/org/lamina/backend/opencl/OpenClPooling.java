package org.lamina.backend.opencl;

import org.lamina.backend.PoolingOps;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.opencl.pooling.PoolingKernels;
import org.lamina.tensor.Tensor;

/** {@link PoolingOps} through the kernels of {@code org.lamina.opencl.pooling}. */
final class OpenClPooling implements PoolingOps {
    private final OpenClBackend backend;
    private final PoolingKernels kernels;

    OpenClPooling(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new PoolingKernels(backend.context());
    }

    @Override
    public MaxPoolResult maxPoolForward(Tensor x, PoolGeometry g) {
        var bx = backend.arg(x);
        Tensor indices = backend.allocate(g.outputShape());
        var bi = OpenClBackend.buffer(indices);
        try {
            return new MaxPoolResult(backend.produce(g.outputShape(), y -> kernels.maxForward(g, bx, y, bi)), indices);
        } catch (RuntimeException e) {
            indices.close();
            throw e;
        }
    }

    @Override
    public Tensor maxPoolBackward(Tensor dy, Tensor indices, PoolGeometry g) {
        var bdy = backend.arg(dy);
        var bi = backend.arg(indices);
        return backend.produce(g.inputShape(), dx -> kernels.maxBackward(g, bdy, bi, dx));
    }

    @Override
    public Tensor avgPoolForward(Tensor x, PoolGeometry g, boolean countIncludePad) {
        var bx = backend.arg(x);
        return backend.produce(g.outputShape(), y -> kernels.avgForward(g, countIncludePad, bx, y));
    }

    @Override
    public Tensor avgPoolBackward(Tensor dy, PoolGeometry g, boolean countIncludePad) {
        var bdy = backend.arg(dy);
        return backend.produce(g.inputShape(), dx -> kernels.avgBackward(g, countIncludePad, bdy, dx));
    }

    @Override
    public Tensor adaptiveAvgPoolForward(Tensor x, AdaptivePoolGeometry g) {
        var bx = backend.arg(x);
        return backend.produce(g.outputShape(), y -> kernels.adaptiveForward(g, bx, y));
    }

    @Override
    public Tensor adaptiveAvgPoolBackward(Tensor dy, AdaptivePoolGeometry g) {
        var bdy = backend.arg(dy);
        return backend.produce(g.inputShape(), dx -> kernels.adaptiveBackward(g, bdy, dx));
    }
}
