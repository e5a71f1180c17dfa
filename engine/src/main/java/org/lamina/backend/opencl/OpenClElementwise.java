package org.lamina.backend.opencl;

import java.util.ArrayList;
import java.util.List;
import org.lamina.backend.ElementwiseOps;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.elementwise.ElementwiseKernels;
import org.lamina.tensor.Tensor;

/** {@link ElementwiseOps} through the kernels of {@code elementwise.cl}. */
final class OpenClElementwise implements ElementwiseOps {
    private final OpenClBackend backend;
    private final ElementwiseKernels kernels;

    OpenClElementwise(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new ElementwiseKernels(backend.context());
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        var ba = backend.arg(a);
        var bb = backend.arg(b);
        return backend.produce(a.dims(), c -> kernels.add(a.size(), ba, bb, c));
    }

    @Override
    public void accumulate(Tensor target, Tensor source, double alpha) {
        kernels.accumulate(target.size(), (float) alpha, backend.arg(target),
                backend.arg(source));
    }

    @Override
    public Tensor scale(Tensor x, double alpha) {
        var bx = backend.arg(x);
        return backend.produce(x.dims(), y -> kernels.scale(x.size(), (float) alpha, bx, y));
    }

    @Override
    public void scaleInPlace(Tensor x, double alpha) {
        var bx = backend.arg(x);
        kernels.scale(x.size(), (float) alpha, bx, bx);
    }

    @Override
    public void fill(Tensor target, double value) {
        kernels.fill(target.size(), (float) value, backend.arg(target));
    }

    @Override
    public Tensor copy(Tensor x) {
        var bx = backend.arg(x);
        return backend.produce(x.dims(), y -> kernels.copy(x.size(), bx, y));
    }

    @Override
    public Tensor concat(List<Tensor> inputs) {
        int[] dims = inputs.get(0).dims();
        int inner = OpenClActivations.inner(dims);
        int total = 0;
        for (Tensor t : inputs) {
            total += t.dim(1);
        }
        dims[1] = total;
        long rowStride = (long) total * inner;
        List<Buffer> buffers = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            buffers.add(backend.arg(inputs.get(i)));
        }
        return backend.produce(dims, y -> {
            long offset = 0;
            for (int i = 0; i < inputs.size(); i++) {
                int rowLength = inputs.get(i).dim(1) * inner;
                kernels.copyRows(dims[0], rowLength, buffers.get(i), 0, rowLength, y, offset, rowStride);
                offset += rowLength;
            }
        });
    }

    @Override
    public List<Tensor> split(Tensor dy, int[] channels) {
        var bdy = backend.arg(dy);
        int[] dims = dy.dims();
        int inner = OpenClActivations.inner(dims);
        long rowStride = (long) dims[1] * inner;
        List<Tensor> out = new ArrayList<>();
        try {
            long offset = 0;
            for (int c : channels) {
                int[] d = dims.clone();
                d[1] = c;
                int rowLength = c * inner;
                long from = offset;
                out.add(backend.produce(d, dx -> kernels.copyRows(dims[0], rowLength, bdy, from,
                        rowStride, dx, 0, rowLength)));
                offset += rowLength;
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(Tensor::close);
            throw e;
        }
    }
}
