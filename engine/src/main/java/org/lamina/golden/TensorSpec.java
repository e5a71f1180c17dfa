package org.lamina.golden;

import java.util.Arrays;

/**
 * One tensor of a golden case as {@code case.json} describes it.
 *
 * @param name the tensor's name ({@code input}, {@code grad_weight}, ...)
 * @param file its file in the case folder
 * @param shape its dimensions ({@code []} for a scalar)
 * @param role {@code input}, {@code param}, {@code state_in}, {@code grad_out}, {@code output},
 *     {@code grad}, {@code state_out} or {@code aux}
 * @param check whether results are compared with it
 * @param atol absolute tolerance when checked
 * @param rtol relative tolerance when checked
 */
public record TensorSpec(String name, String file, int[] shape, String role, boolean check, double atol,
        double rtol) {

    /** Number of values, the product of the shape. */
    public int count() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
