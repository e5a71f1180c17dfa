package org.lamina.backend.opencl;

import org.lamina.backend.OptimizerOps;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.optim.OptimizerKernels;
import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;

/** {@link OptimizerOps} through the kernels of {@code org.lamina.opencl.optim}, in place on device buffers. */
final class OpenClOptimizers implements OptimizerOps {
    private final OpenClBackend backend;
    private final OptimizerKernels kernels;

    OpenClOptimizers(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new OptimizerKernels(backend.context());
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams hp, long step) {
        kernels.sgd(param.size(), buffer(param), buffer(grad), hp.usesMomentum() ? buffer(momentumBuffer) : null,
                hp.lr(), hp.momentum(), hp.dampening(), hp.weightDecay(), hp.nesterov(), step);
    }

    @Override
    public void sgdCaffe(Tensor param, Tensor grad, Tensor velocity, CaffeSgdParams hp) {
        kernels.sgdCaffe(param.size(), buffer(param), buffer(grad), buffer(velocity), hp.lr(), hp.momentum(),
                hp.weightDecay());
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams hp, long step) {
        kernels.adam(param.size(), buffer(param), buffer(grad), buffer(expAvg), buffer(expAvgSq), hp.lr(),
                hp.beta1(), hp.beta2(), hp.eps(), hp.weightDecay(), hp.decoupled(), step);
    }

    @Override
    public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor momentumBuffer, RmspropParams hp) {
        kernels.rmsprop(param.size(), buffer(param), buffer(grad), buffer(squareAvg),
                hp.usesMomentum() ? buffer(momentumBuffer) : null, hp.lr(), hp.alpha(), hp.eps(), hp.weightDecay(),
                hp.momentum());
    }

    @Override
    public void adagrad(Tensor param, Tensor grad, Tensor sum, AdagradParams hp, long step) {
        kernels.adagrad(param.size(), buffer(param), buffer(grad), buffer(sum), hp.learningRate(step),
                hp.weightDecay(), hp.eps());
    }

    private static Buffer buffer(Tensor t) {
        return OpenClBackend.buffer(t); // checked to be on this backend by OptimizerOps.checked
    }
}
