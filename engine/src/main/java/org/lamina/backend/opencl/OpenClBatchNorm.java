package org.lamina.backend.opencl;

import org.lamina.backend.BatchNormOps;
import org.lamina.opencl.batchnorm.BatchNormKernels;
import org.lamina.tensor.Tensor;

/** {@link BatchNormOps} through the kernels of {@code batchnorm.cl}. */
final class OpenClBatchNorm implements BatchNormOps {
    private final OpenClBackend backend;
    private final BatchNormKernels kernels;

    OpenClBatchNorm(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new BatchNormKernels(backend.context());
    }

    @Override
    public Forward forwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            double eps, double momentum) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = OpenClActivations.inner(d);
        var bx = backend.arg(x);
        var bg = backend.arg(gamma);
        var bb = backend.arg(beta);
        var brm = runningMean != null && runningVar != null ? backend.arg(runningMean) : null;
        var brv = runningMean != null && runningVar != null ? backend.arg(runningVar) : null;
        Tensor mean = backend.allocate(c);
        Tensor invStd = null;
        try {
            invStd = backend.allocate(c);
            var bm = OpenClBackend.buffer(mean);
            var bs = OpenClBackend.buffer(invStd);
            kernels.batchStats(n, c, inner, (float) eps, (float) momentum, bx, bm, bs, brm, brv);
            Tensor y = backend.produce(d, by -> kernels.normalize(n, c, inner, bx, bm, bs, bg, bb, by));
            return new Forward(y, mean, invStd);
        } catch (RuntimeException e) {
            mean.close();
            if (invStd != null) {
                invStd.close();
            }
            throw e;
        }
    }

    @Override
    public Forward forwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            double eps) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = OpenClActivations.inner(d);
        var bx = backend.arg(x);
        var bg = backend.arg(gamma);
        var bb = backend.arg(beta);
        var brm = backend.arg(runningMean);
        var brv = backend.arg(runningVar);
        Tensor mean = backend.allocate(c);
        Tensor invStd = null;
        try {
            invStd = backend.allocate(c);
            var bm = OpenClBackend.buffer(mean);
            var bs = OpenClBackend.buffer(invStd);
            kernels.runningStats(c, (float) eps, brm, brv, bm, bs);
            Tensor y = backend.produce(d, by -> kernels.normalize(n, c, inner, bx, bm, bs, bg, bb, by));
            return new Forward(y, mean, invStd);
        } catch (RuntimeException e) {
            mean.close();
            if (invStd != null) {
                invStd.close();
            }
            throw e;
        }
    }

    @Override
    public Backward backward(Tensor x, Tensor dy, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd,
            boolean training, boolean inputGrad) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = OpenClActivations.inner(d);
        var bx = backend.arg(x);
        var bdy = backend.arg(dy);
        var bg = backend.arg(gamma);
        var bm = backend.arg(mean);
        var bs = backend.arg(invStd);
        Tensor dgamma = backend.allocate(c), dbeta = null, dx = null;
        try {
            dbeta = backend.allocate(c);
            dx = inputGrad ? backend.allocate(d) : null;
            kernels.backward(training, n, c, inner, bx, bdy, bm, bs, bg, OpenClBackend.buffer(dbeta),
                    OpenClBackend.buffer(dgamma), dx == null ? null : OpenClBackend.buffer(dx));
        } catch (RuntimeException e) {
            for (Tensor t : new Tensor[] {dgamma, dbeta, dx}) {
                if (t != null) {
                    t.close();
                }
            }
            throw e;
        }
        // Both sums are needed for dx in training; hand back only those the forward pass had parameters for.
        if (gamma == null) {
            dgamma.close();
            dgamma = null;
        }
        if (beta == null) {
            dbeta.close();
            dbeta = null;
        }
        return new Backward(dx, dgamma, dbeta);
    }
}
