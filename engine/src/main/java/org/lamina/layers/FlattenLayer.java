package org.lamina.layers;

import org.lamina.ops.Flatten;

/** {@code [C, H, W]} (any shape) to one vector per example, in C, H, W order; a view, nothing is copied. */
public final class FlattenLayer extends ViewLayer {

    @Override
    public String type() {
        return Flatten.NAME;
    }

    @Override
    int[] exampleShape(int[] in) {
        int n = 1;
        for (int d : in) {
            n *= d;
        }
        return new int[] {n};
    }
}
