package org.lamina.layers;

import java.util.Arrays;
import java.util.List;

/** The checks of input shapes that most layers' shape rules begin with. */
final class Inputs {
    private Inputs() {
    }

    /**
     * The shape of the one input of layer {@code type}.
     *
     * @throws IllegalArgumentException when there is not exactly one
     */
    static int[] one(List<int[]> inputs, String type) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(type + " expects one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    /**
     * The shape of the one image-shaped ({@code [C, H, W]}) input of layer {@code type}.
     *
     * @throws IllegalArgumentException when there is not exactly one, or it is not an image
     */
    static int[] oneImage(List<int[]> inputs, String type) {
        int[] in = one(inputs, type);
        if (in.length != 3) {
            throw new IllegalArgumentException(type + " expects one input of shape [C, H, W], got "
                    + Arrays.toString(in));
        }
        return in;
    }
}
