package org.lamina.backend.java;

import org.lamina.backend.OptimizerOps;
import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;

/**
 * {@link OptimizerOps} on the host, through {@link OptimizerReference}: each step widens the tensors to
 * double, updates them, and stores the parameter and the state back as float32 (as a device would keep
 * them between steps).
 */
final class JavaOptimizers implements OptimizerOps {
    private final JavaBackend backend;

    JavaOptimizers(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams hp, long step) {
        double[] p = doubles(param), buf = hp.usesMomentum() ? doubles(momentumBuffer) : null;
        OptimizerReference.sgd(p, doubles(grad), buf, hp, step);
        store(p, param);
        if (buf != null) {
            store(buf, momentumBuffer);
        }
    }

    @Override
    public void sgdCaffe(Tensor param, Tensor grad, Tensor velocity, CaffeSgdParams hp) {
        double[] w = doubles(param), v = doubles(velocity);
        OptimizerReference.sgdCaffe(w, doubles(grad), v, hp);
        store(w, param);
        store(v, velocity);
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams hp, long step) {
        double[] p = doubles(param), m = doubles(expAvg), v = doubles(expAvgSq);
        OptimizerReference.adam(p, doubles(grad), m, v, hp, step);
        store(p, param);
        store(m, expAvg);
        store(v, expAvgSq);
    }

    @Override
    public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor momentumBuffer, RmspropParams hp) {
        double[] p = doubles(param), sq = doubles(squareAvg), buf = hp.usesMomentum() ? doubles(momentumBuffer) : null;
        OptimizerReference.rmsprop(p, doubles(grad), sq, buf, hp);
        store(p, param);
        store(sq, squareAvg);
        if (buf != null) {
            store(buf, momentumBuffer);
        }
    }

    @Override
    public void adagrad(Tensor param, Tensor grad, Tensor sum, AdagradParams hp, long step) {
        double[] p = doubles(param), s = doubles(sum);
        OptimizerReference.adagrad(p, doubles(grad), s, hp, step);
        store(p, param);
        store(s, sum);
    }

    private double[] doubles(Tensor t) {
        float[] f = backend.data(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Rounds {@code values} to float32 into the live storage of {@code t}. */
    private void store(double[] values, Tensor t) {
        float[] f = backend.data(t);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
    }
}
