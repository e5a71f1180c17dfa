package org.lamina.graph;

import java.util.List;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a node of a {@link Graph} computes: its shape rule, its parameters, and its forward and
 * backward rules side by side. Layers are immutable descriptions; parameter values and everything a
 * forward pass saves for backward live in the {@link LayerContext} the executor hands them.
 *
 * <p>Shapes here are those of one example (no batch dimension); tensors carry the batch first.
 */
@ConsumerType
public interface Layer {

    /** The type name shown in summaries, e.g. {@code conv2d}. */
    String type();

    /**
     * The output shape of one example for these input shapes.
     *
     * @throws IllegalArgumentException saying what the layer expected
     */
    int[] outputShape(List<int[]> inputShapes);

    /** The parameters this layer owns for these input shapes, in a stable order. */
    default List<ParamSpec> parameters(List<int[]> inputShapes) {
        return List.of();
    }

    /** Which tensors of the forward pass the backward rule reads. */
    default Saves saves() {
        return Saves.INPUTS;
    }

    /** Computes the output (a new tensor the caller owns) from the inputs. */
    Tensor forward(LayerContext ctx, List<Tensor> inputs);

    /**
     * Computes the gradients of the inputs from the gradient of the output, and hands the gradients
     * of the parameters to {@link LayerContext#gradient}. {@code inputs} and {@code output} are present
     * as {@link #saves()} promises (else null). Returns one entry per input, null where
     * {@link LayerContext#needsInputGradient} is false.
     */
    List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput);

    /** How the layer's window maps output positions to input positions, for receptive fields. */
    default Window window() {
        return Window.POINTWISE;
    }
}
