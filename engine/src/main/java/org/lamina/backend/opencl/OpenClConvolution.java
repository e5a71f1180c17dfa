package org.lamina.backend.opencl;

import org.lamina.backend.ConvolutionOps;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvKernels;
import org.lamina.tensor.Tensor;

/** {@link ConvolutionOps} through the kernels of {@code org.lamina.opencl.conv}. */
final class OpenClConvolution implements ConvolutionOps {
    private final OpenClBackend backend;
    private final ConvKernels kernels;

    OpenClConvolution(OpenClBackend backend) {
        this.backend = backend;
        // The device's tuned file (lamina tune) when there is one, over the tuning database's entries.
        this.kernels = new ConvKernels(backend.context(), backend.gemm(), backend.tuning().selector());
    }

    @Override
    public void prepare(ConvGeometry g) {
        kernels.prepare(g);
    }

    /** The kernels, for tests that inspect the algorithm choice. */
    ConvKernels kernels() {
        return kernels;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        return forward(kernels.selector().forward(g), x, w, bias, g);
    }

    /** With a named algorithm, for tests that compare the paths. */
    Tensor forward(ConvAlgorithm a, Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        var bx = backend.arg(x);
        var bw = backend.arg(w);
        var bb = backend.arg(bias);
        return backend.produce(g.outputShape(), y -> kernels.forward(a, g, bx, bw, bb, y));
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Tensor bias, ConvGeometry g) {
        return backwardData(kernels.selector().backwardData(g), dy, w, bias, g);
    }

    Tensor backwardData(ConvAlgorithm a, Tensor dy, Tensor w, Tensor bias, ConvGeometry g) {
        var bdy = backend.arg(dy);
        var bw = backend.arg(w);
        var bb = backend.arg(bias);
        return backend.produce(g.inputShape(), dx -> kernels.backwardData(a, g, bdy, bw, bb, dx));
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, ConvGeometry g) {
        return backwardFilter(kernels.selector().backwardFilter(g), x, dy, g);
    }

    Tensor backwardFilter(ConvAlgorithm a, Tensor x, Tensor dy, ConvGeometry g) {
        var bx = backend.arg(x);
        var bdy = backend.arg(dy);
        return backend.produce(g.weightShape(), dw -> kernels.backwardFilter(a, g, bx, bdy, dw));
    }

    @Override
    public Tensor biasGrad(Tensor dy) {
        var bdy = backend.arg(dy);
        int n = dy.dim(0), c = dy.dim(1), inner = dy.size() / Math.max(1, n * c);
        return backend.produce(new int[] {c}, db -> kernels.biasGrad(n, c, inner, bdy, db));
    }
}
