package org.lamina.backend.opencl;

import org.lamina.backend.Convolution3dOps;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.opencl.conv.Conv3dKernels;
import org.lamina.opencl.conv.Conv3dKernels.Algorithm;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.tensor.Tensor;

/** {@link Convolution3dOps} through {@link Conv3dKernels}: vol2col + GEMM. */
final class OpenClConvolution3d implements Convolution3dOps {
    private final OpenClBackend backend;
    private final Conv3dKernels kernels;

    OpenClConvolution3d(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new Conv3dKernels(backend.context(), new GemmKernels(backend.context()));
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias, Conv3dGeometry g) {
        return forward(Algorithm.GEMM, x, w, bias, g);
    }

    /** With a named algorithm, for tests that compare the two. */
    Tensor forward(Algorithm a, Tensor x, Tensor w, Tensor bias, Conv3dGeometry g) {
        var bx = backend.arg(x);
        var bw = backend.arg(w);
        var bb = backend.arg(bias);
        return backend.produce(g.outputShape(), y -> kernels.forward(a, g, bx, bw, bb, y));
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Conv3dGeometry g) {
        return backwardData(Algorithm.GEMM, dy, w, g);
    }

    Tensor backwardData(Algorithm a, Tensor dy, Tensor w, Conv3dGeometry g) {
        var bdy = backend.arg(dy);
        var bw = backend.arg(w);
        return backend.produce(g.inputShape(), dx -> kernels.backwardData(a, g, bdy, bw, dx));
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, Conv3dGeometry g) {
        return backwardFilter(Algorithm.GEMM, x, dy, g);
    }

    Tensor backwardFilter(Algorithm a, Tensor x, Tensor dy, Conv3dGeometry g) {
        var bx = backend.arg(x);
        var bdy = backend.arg(dy);
        return backend.produce(g.weightShape(), dw -> kernels.backwardFilter(a, g, bx, bdy, dw));
    }
}
