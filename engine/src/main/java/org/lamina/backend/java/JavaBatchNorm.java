package org.lamina.backend.java;

import org.lamina.backend.BatchNormOps;
import org.lamina.tensor.Tensor;

/** {@link BatchNormOps} on the host, through {@link BatchNormReference}. */
final class JavaBatchNorm implements BatchNormOps {
    private final JavaBackend backend;

    JavaBatchNorm(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Forward forwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            double eps, double momentum) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = JavaActivations.inner(d);
        double[] in = backend.doubles(x);
        double[] mean = new double[c], var = new double[c], invStd = new double[c];
        BatchNormReference.batchStats(n, c, inner, in, mean, var);
        BatchNormReference.inverseStd(var, eps, invStd);
        double[] y = new double[in.length];
        BatchNormReference.normalize(n, c, inner, in, mean, invStd, backend.doubles(gamma),
                backend.doubles(beta), y);
        if (runningMean != null && runningVar != null) {
            double[] rm = backend.doubles(runningMean);
            double[] rv = backend.doubles(runningVar);
            BatchNormReference.updateRunning(n * inner, momentum, mean, var, rm, rv);
            store(rm, runningMean);
            store(rv, runningVar);
        }
        return new Forward(backend.fromDoubles(y, d), backend.fromDoubles(mean, c), backend.fromDoubles(invStd, c));
    }

    @Override
    public Forward forwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            double eps) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = JavaActivations.inner(d);
        double[] mean = backend.doubles(runningMean);
        double[] invStd = new double[c];
        BatchNormReference.inverseStd(backend.doubles(runningVar), eps, invStd);
        double[] in = backend.doubles(x);
        double[] y = new double[in.length];
        BatchNormReference.normalize(n, c, inner, in, mean, invStd, backend.doubles(gamma),
                backend.doubles(beta), y);
        return new Forward(backend.fromDoubles(y, d), backend.fromDoubles(mean, c), backend.fromDoubles(invStd, c));
    }

    @Override
    public Backward backward(Tensor x, Tensor dy, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd,
            boolean training, boolean inputGrad) {
        int[] d = x.dims();
        int n = d[0], c = d[1], inner = JavaActivations.inner(d);
        double[] in = backend.doubles(x);
        double[] dx = inputGrad ? new double[in.length] : null;
        double[] dgamma = new double[c], dbeta = new double[c];
        BatchNormReference.backward(n, c, inner, in, backend.doubles(dy),
                backend.doubles(gamma), backend.doubles(mean),
                backend.doubles(invStd), training, dx, dgamma, dbeta);
        return new Backward(inputGrad ? backend.fromDoubles(dx, d) : null,
                gamma != null ? backend.fromDoubles(dgamma, c) : null, beta != null ? backend.fromDoubles(dbeta, c) : null);
    }

    /** Writes {@code values}, rounded to float32, into the live storage of {@code t}. */
    private void store(double[] values, Tensor t) {
        float[] target = backend.data(t);
        for (int i = 0; i < values.length; i++) {
            target[i] = (float) values[i];
        }
    }
}
