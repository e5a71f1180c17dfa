package org.lamina.backend;

import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Pooling over NCHW planes: max pooling with argmax indices, average pooling (count_include_pad,
 * ceil_mode), adaptive average pooling (a 1x1 output is global average pooling); forward and
 * backward. Shapes come from a validated {@link PoolGeometry} or {@link AdaptivePoolGeometry}.
 * Every method returns new tensors that the caller owns.
 */
@ProviderType
public interface PoolingOps {

    /**
     * The result of max pooling: the maxima and, for the backward pass, where each came from.
     *
     * @param output the window maxima {@code [N, C, Ho, Wo]}
     * @param indices the flat index {@code h*W + w} of each maximum in its unpadded input plane, as
     *     float32 holding exact integers (PyTorch's {@code return_indices}), same shape as {@code output}
     */
    record MaxPoolResult(Tensor output, Tensor indices) implements AutoCloseable {
        @Override
        public void close() {
            output.close();
            indices.close();
        }
    }

    /**
     * Max pooling; padding acts as -inf. Of equal maxima the first in row-major window order wins,
     * and a NaN wins over any number, as in PyTorch.
     */
    MaxPoolResult maxPoolForward(Tensor x, PoolGeometry g);

    /**
     * The input gradient: each value of {@code dy} goes to the input its window's index names.
     * {@code indices} must come from {@link #maxPoolForward} with the same geometry; the Java backend
     * rejects an index outside the plane, the OpenCL kernels ignore one outside its window.
     */
    Tensor maxPoolBackward(Tensor dy, Tensor indices, PoolGeometry g);

    /**
     * Average pooling. The divisor of a window counts its padding when {@code countIncludePad}, but
     * never the part of a ceil-mode window past the padded input (see {@link PoolGeometry#avgRows}).
     */
    Tensor avgPoolForward(Tensor x, PoolGeometry g, boolean countIncludePad);

    /** The input gradient of {@link #avgPoolForward}. */
    Tensor avgPoolBackward(Tensor dy, PoolGeometry g, boolean countIncludePad);

    /** Adaptive average pooling: each output cell is the mean of its (possibly overlapping) input cell. */
    Tensor adaptiveAvgPoolForward(Tensor x, AdaptivePoolGeometry g);

    /** The input gradient of {@link #adaptiveAvgPoolForward}. */
    Tensor adaptiveAvgPoolBackward(Tensor dy, AdaptivePoolGeometry g);
}
