package org.lamina.plugins.losses;

import org.lamina.backend.LossOps;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;
import org.osgi.service.component.annotations.Component;

/** Softmax cross-entropy with integer labels, mean over the batch; fused and stable for large logits. */
@Component(service = Loss.class)
public final class CrossEntropy implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public String description() {
        return "softmax cross-entropy with integer labels, mean over the batch";
    }

    @Override
    public Result evaluate(Tensor output, Tensor labels) {
        LossOps.Result r = new SoftmaxCrossEntropy().forward(output, labels);
        return new Result(r.loss(), r.gradInput());
    }
}
