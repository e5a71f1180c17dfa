package org.lamina.backend.java;

import org.lamina.backend.LossOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/** {@link LossOps} on the host, through {@link LossReference}. */
final class JavaLosses implements LossOps {
    private final JavaBackend backend;

    JavaLosses(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Result softmaxCrossEntropy(Tensor logits, Tensor labels) {
        int n = logits.dim(0), c = logits.dim(1);
        double[] x = backend.doubles(logits);
        int[] y = labels("cross_entropy", labels, c);
        double[] grad = new double[x.length];
        double loss = LossReference.softmaxCrossEntropy(n, c, x, y, grad);
        return new Result(backend.fromDoubles(new double[] {loss}), backend.fromDoubles(grad, n, c), null);
    }

    @Override
    public Result multiMargin(Tensor logits, Tensor labels, float margin) {
        int n = logits.dim(0), c = logits.dim(1);
        double[] x = backend.doubles(logits);
        int[] y = labels("multi_margin_loss", labels, c);
        double[] grad = new double[x.length];
        double loss = LossReference.multiMargin(n, c, margin, x, y, grad);
        return new Result(backend.fromDoubles(new double[] {loss}), backend.fromDoubles(grad, n, c), null);
    }

    @Override
    public Result pixelCrossEntropy(Tensor logits, Tensor labels, long counted) {
        int n = logits.dim(0), c = logits.dim(1), p = logits.size() / n / c;
        double[] x = backend.doubles(logits);
        float[] raw = backend.data(labels);
        int[] y = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            // the op checked them: -1 (not counted) or a class index
            y[i] = (int) raw[i];
        }
        double[] grad = new double[x.length];
        double loss = LossReference.pixelCrossEntropy(n, c, p, x, y, counted, grad);
        return new Result(backend.fromDoubles(new double[] {loss}), backend.fromDoubles(grad, logits.dims()), null);
    }

    @Override
    public Result mse(Tensor input, Tensor target) {
        double[] x = backend.doubles(input);
        double[] t = backend.doubles(target);
        double[] gx = new double[x.length], gt = new double[x.length];
        double loss = LossReference.mse(x, t, gx, gt);
        int[] shape = input.dims();
        return new Result(backend.fromDoubles(new double[] {loss}), backend.fromDoubles(gx, shape),
                backend.fromDoubles(gt, shape));
    }

    private int[] labels(String op, Tensor labels, int classes) {
        Tensors.requireOn(backend, labels); // checked with the op's name by the op
        return LossOps.classIndices(op, backend.data(labels), classes);
    }
}
