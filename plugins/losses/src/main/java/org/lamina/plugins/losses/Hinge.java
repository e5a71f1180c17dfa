package org.lamina.plugins.losses;

import org.lamina.backend.LossOps;
import org.lamina.ops.MultiMarginLoss;
import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;
import org.osgi.service.component.annotations.Component;

/**
 * Multi-class hinge loss, the multi-class SVM objective as PyTorch's {@code MultiMarginLoss} (p 1,
 * margin 1, mean over the batch): {@code mean_n(sum_{i != y_n} max(0, 1 - x[n, y_n] + x[n, i]) / C)}
 * for outputs {@code [N, C]} and integer labels {@code [N]}.
 */
@Component(service = Loss.class)
public final class Hinge implements Loss {

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public String description() {
        return "multi-class hinge (SVM) loss with margin 1, as torch MultiMarginLoss, mean over the batch";
    }

    /**
     * @throws IllegalArgumentException for outputs that are not {@code [N, C]}, labels that are not
     *     {@code [N]} or not integers in {@code [0, C)}
     */
    @Override
    public Result evaluate(Tensor output, Tensor labels) {
        LossOps.Result r = new MultiMarginLoss().forward(output, labels);
        return new Result(r.loss(), r.gradInput());
    }
}
