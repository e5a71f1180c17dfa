package org.lamina.layers;

/** {@code [C, H, W]} (any shape) to one vector per example, in C, H, W order; a view, nothing is copied. */
public final class FlattenLayer extends ViewLayer {

    @Override
    public String type() {
        return "flatten";
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
