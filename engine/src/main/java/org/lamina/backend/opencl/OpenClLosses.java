package org.lamina.backend.opencl;

import org.lamina.backend.LossOps;
import org.lamina.opencl.loss.LossKernels;
import org.lamina.tensor.Tensor;

/** {@link LossOps} through the kernels of {@code org.lamina.opencl.loss}. */
final class OpenClLosses implements LossOps {
    private final OpenClBackend backend;
    private final LossKernels kernels;

    OpenClLosses(OpenClBackend backend) {
        this.backend = backend;
        this.kernels = new LossKernels(backend.context());
    }

    @Override
    public Result softmaxCrossEntropy(Tensor logits, Tensor labels) {
        int n = logits.dim(0), c = logits.dim(1);
        var bx = backend.arg(logits);
        var by = backend.arg(labels);
        Tensor grad = backend.allocate(n, c);
        try {
            Tensor loss = backend.produce(new int[0], l -> kernels.softmaxCrossEntropy(n, c, bx, by,
                    OpenClBackend.buffer(grad), l));
            return new Result(loss, grad, null);
        } catch (RuntimeException e) {
            grad.close();
            throw e;
        }
    }

    @Override
    public Result multiMargin(Tensor logits, Tensor labels, float margin) {
        int n = logits.dim(0), c = logits.dim(1);
        var bx = backend.arg(logits);
        var by = backend.arg(labels);
        Tensor grad = backend.allocate(n, c);
        try {
            Tensor loss = backend.produce(new int[0], l -> kernels.multiMargin(n, c, margin, bx, by,
                    OpenClBackend.buffer(grad), l));
            return new Result(loss, grad, null);
        } catch (RuntimeException e) {
            grad.close();
            throw e;
        }
    }

    @Override
    public Result pixelCrossEntropy(Tensor logits, Tensor labels, long counted) {
        int n = logits.dim(0), c = logits.dim(1);
        long positions = logits.size() / n / c;
        var bx = backend.arg(logits);
        var by = backend.arg(labels);
        float invCount = counted == 0 ? 0f : (float) (1.0 / counted);
        Tensor grad = backend.allocate(logits.dims());
        try {
            Tensor loss = backend.produce(new int[0], l -> kernels.pixelCrossEntropy(n, c, positions, invCount, bx, by,
                    OpenClBackend.buffer(grad), l));
            return new Result(loss, grad, null);
        } catch (RuntimeException e) {
            grad.close();
            throw e;
        }
    }

    @Override
    public Result mse(Tensor input, Tensor target) {
        var bx = backend.arg(input);
        var bt = backend.arg(target);
        int[] shape = input.dims();
        Tensor gradInput = backend.allocate(shape);
        Tensor gradTarget = null;
        try {
            gradTarget = backend.allocate(shape);
            var gt = OpenClBackend.buffer(gradTarget);
            Tensor loss = backend.produce(new int[0], l -> kernels.mse(input.size(), bx, bt,
                    OpenClBackend.buffer(gradInput), gt, l));
            return new Result(loss, gradInput, gradTarget);
        } catch (RuntimeException e) {
            gradInput.close();
            if (gradTarget != null) {
                gradTarget.close();
            }
            throw e;
        }
    }
}
