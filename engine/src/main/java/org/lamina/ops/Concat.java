package org.lamina.ops;

import java.util.Arrays;
import java.util.List;
import org.lamina.backend.Backend;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/**
 * Concatenation along dimension 1 (channels, as an Inception module joins its branches): inputs
 * {@code [N, C_i, ...]} with all other dimensions equal give {@code [N, sum C_i, ...]}. Backward cuts
 * the output gradient back into one gradient per input.
 */
public final class Concat {
    public static final String NAME = "concat";

    /**
     * The inputs joined along dimension 1, a new tensor.
     *
     * @throws IllegalArgumentException for no inputs, fewer than 2 dimensions, dimensions other than 1
     *     that differ, or inputs on two backends
     */
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": no inputs");
        }
        Tensor first = inputs.get(0);
        if (first.rank() < 2) {
            throw new IllegalArgumentException(NAME + ": input 0 has shape " + first.shape()
                    + " but at least 2 dimensions are needed to join along dimension 1");
        }
        Backend b = first.backend();
        int[] expected = first.dims();
        for (int i = 1; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            Tensors.requireOn(b, NAME, "input " + i, t);
            int[] d = t.dims();
            boolean fits = d.length == expected.length;
            for (int k = 0; fits && k < d.length; k++) {
                fits = k == 1 || d[k] == expected[k];
            }
            if (!fits) {
                String[] pattern = new String[expected.length];
                for (int k = 0; k < expected.length; k++) {
                    pattern[k] = k == 1 ? "*" : Integer.toString(expected[k]);
                }
                throw new IllegalArgumentException(NAME + ": input " + i + " has shape " + t.shape() + " but "
                        + Arrays.toString(pattern).replace(" ", "").replace(",", ", ")
                        + " is expected (every dimension but 1 must match input 0)");
            }
        }
        return b.elementwise().concat(inputs);
    }

    /** The gradients of the inputs of {@link #forward}: {@code dy} cut along dimension 1 to their channels. */
    public List<Tensor> backward(List<Tensor> inputs, Tensor dy) {
        int[] channels = new int[inputs.size()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = inputs.get(i).dim(1);
        }
        return backward(dy, channels);
    }

    /**
     * {@code dy} ({@code [N, sum channels, ...]}) cut along dimension 1 into tensors of
     * {@code channels[i]} channels each.
     *
     * @throws IllegalArgumentException for a negative count or counts that do not sum to
     *     {@code dy}'s dimension 1
     */
    public List<Tensor> backward(Tensor dy, int... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException(NAME + " backward: no channel counts");
        }
        if (dy.rank() < 2) {
            throw new IllegalArgumentException(NAME + " backward: grad_output has shape " + dy.shape()
                    + " but at least 2 dimensions are needed to split along dimension 1");
        }
        long sum = 0;
        for (int c : channels) {
            if (c < 0) {
                throw new IllegalArgumentException(NAME + " backward: channel counts " + Arrays.toString(channels)
                        + " include a negative one");
            }
            sum += c;
        }
        if (sum != dy.dim(1)) {
            throw new IllegalArgumentException(NAME + " backward: channel counts " + Arrays.toString(channels)
                    + " sum to " + sum + " but grad_output " + dy.shape() + " has " + dy.dim(1) + " channels");
        }
        return dy.backend().elementwise().split(dy, channels.clone());
    }

    @Override
    public String toString() {
        return NAME + "(dim=1)";
    }
}
