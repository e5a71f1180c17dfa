package org.lamina.ops;

import java.util.Arrays;
import org.lamina.backend.LossOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * Softmax cross-entropy at every position (per pixel, for segmentation) of logits
 * {@code [N, C, d1, ...]} against labels {@code [N, d1, ...]}, as PyTorch's {@code cross_entropy} with
 * {@code ignore_index=-1}: a label of {@link PixelLabels#IGNORE} makes its position not count (outside
 * the image's mask); the loss is the mean over the positions that count, and its gradient
 * {@code (softmax - onehot) / counted} there, 0 elsewhere. Where nothing counts the loss and gradient
 * are 0 rather than PyTorch's NaN.
 *
 * <p>Softmax and the loss are fused, stable for logits in the hundreds, as {@link SoftmaxCrossEntropy}.
 * The number of positions that count is taken from the labels on the host ({@link PixelLabels} made
 * them, or they are read back once), so the kernels scale by a known constant.
 */
public final class PixelCrossEntropy {
    public static final String NAME = "pixel_cross_entropy";

    /**
     * The mean loss (shape {@code []}) and the gradient of the logits ({@code gradTarget} is null).
     *
     * @throws IllegalArgumentException for logits of fewer than 3 dimensions or with an empty dimension,
     *     labels not of the shape {@code [N, d1, ...]}, on another device, or holding a value that is
     *     neither a class index nor -1
     */
    public LossOps.Result forward(Tensor logits, Tensor labels) {
        if (logits.rank() < 3) {
            throw new IllegalArgumentException(NAME + ": logits must have at least 3 dimensions [N, classes, d1, ...], not "
                    + logits.rank() + " (" + logits.shape() + "); for [N, classes] use " + SoftmaxCrossEntropy.NAME);
        }
        if (logits.size() == 0) {
            throw new IllegalArgumentException(NAME + ": logits " + logits.shape() + " are empty");
        }
        Tensors.requireOn(logits.backend(), NAME, "labels", labels);
        int[] d = logits.dims();
        int[] want = new int[d.length - 1];
        want[0] = d[0];
        System.arraycopy(d, 2, want, 1, d.length - 2);
        if (!Arrays.equals(labels.dims(), want)) {
            throw new IllegalArgumentException(NAME + ": labels have shape " + labels.shape() + " but logits "
                    + logits.shape() + " need " + Arrays.toString(want) + " (one class index or -1 per position)");
        }
        long counted = PixelLabels.counted(PixelLabels.indices(NAME, labels, d[1]));
        return logits.backend().losses().pixelCrossEntropy(logits, labels, counted);
    }

    @Override
    public String toString() {
        return NAME + "(ignore_index -1, reduction mean)";
    }
}
