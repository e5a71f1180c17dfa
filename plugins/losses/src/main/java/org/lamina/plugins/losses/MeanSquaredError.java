package org.lamina.plugins.losses;

import org.lamina.backend.LossOps;
import org.lamina.ops.ClassLabels;
import org.lamina.ops.MseLoss;
import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;
import org.osgi.service.component.annotations.Component;

/**
 * Mean squared error, as PyTorch's {@code MSELoss} (mean over every value): {@code mean((x - t)^2)}.
 * The target {@code t} depends on what the caller passes as labels:
 * <ul>
 *   <li>class labels {@code [N]} (what training passes): the one-hot encoding of the labels,
 *       {@code [N, C]}, so the outputs are regressed onto 1 for the true class and 0 elsewhere;</li>
 *   <li>a tensor of the output's shape: that tensor, as it is (regression targets, soft labels).</li>
 * </ul>
 * The gradient returned is that of the output only.
 */
@Component(service = Loss.class)
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String description() {
        return "mean squared error against one-hot labels (or targets of the output's shape), as torch MSELoss";
    }

    /**
     * @throws IllegalArgumentException for outputs that are not {@code [N, C]} when given class labels,
     *     labels that are neither {@code [N]} nor of the output's shape, or labels that are not integers
     *     in {@code [0, C)}
     */
    @Override
    public Result evaluate(Tensor output, Tensor labels) {
        LossOps.Result r;
        if (labels.shape().equals(output.shape())) {
            r = new MseLoss().forward(output, labels);
        } else {
            try (Tensor target = oneHot(output, labels)) {
                r = new MseLoss().forward(output, target);
            }
        }
        if (r.gradTarget() != null) {
            r.gradTarget().close();
        }
        return new Result(r.loss(), r.gradInput());
    }

    /** The one-hot encoding of {@code labels [N]} with the classes of {@code output [N, C]}, on its backend. */
    private Tensor oneHot(Tensor output, Tensor labels) {
        int[] dims = output.dims();
        if (dims.length != 2 || labels.dims().length != 1 || labels.dims()[0] != dims[0]) {
            throw new IllegalArgumentException(name() + ": labels " + labels.shape() + " are neither class labels [N] for "
                    + "outputs [N, C] nor targets of the output's shape " + output.shape());
        }
        int n = dims[0], classes = dims[1];
        int[] y = ClassLabels.indices(name(), labels, classes);
        float[] target = new float[n * classes];
        for (int i = 0; i < n; i++) {
            target[i * classes + y[i]] = 1;
        }
        return output.backend().tensor(target, dims);
    }
}
