package org.lamina.plugins.losses;

import org.lamina.backend.LossOps;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;
import org.osgi.service.component.annotations.Component;

/**
 * Softmax cross-entropy with integer labels, mean over the batch; fused and stable for large logits. As
 * PyTorch's {@code cross_entropy}, outputs {@code [N, C]} take labels {@code [N]}, and outputs
 * {@code [N, C, H, W]} (segmentation) take a label per pixel {@code [N, H, W]}, -1 where the pixel does
 * not count, the mean then being over the pixels that count ({@link PixelCrossEntropy}).
 */
@Component(service = Loss.class)
public final class CrossEntropy implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public String description() {
        return "softmax cross-entropy with integer labels, mean over the batch (per pixel for [N, C, H, W] outputs)";
    }

    @Override
    public Result evaluate(Tensor output, Tensor labels) {
        LossOps.Result r = output.rank() > 2 ? new PixelCrossEntropy().forward(output, labels)
                : new SoftmaxCrossEntropy().forward(output, labels);
        return new Result(r.loss(), r.gradInput());
    }
}
