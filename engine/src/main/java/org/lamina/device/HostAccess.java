package org.lamina.device;

import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Java backend's tensors as host arrays, for a plugin's host code (plain loops, Aparapi, a
 * library).
 */
@ProviderType
public non-sealed interface HostAccess extends DeviceAccess {

    /**
     * The array holding {@code t}'s values, shared and not copied (row-major, {@code t.size()} values
     * from index 0): writes change the tensor. Write only to tensors the caller made.
     *
     * @throws IllegalArgumentException naming {@code op} and {@code argument} when {@code t} lives on
     *     another backend
     */
    float[] data(String op, String argument, Tensor t);

    /** A new tensor of zeros of {@code shape}; the caller owns it. */
    Tensor allocate(int... shape);

    /** A tensor of {@code shape} that takes over {@code values} without copying; the caller owns it. */
    Tensor wrap(float[] values, int... shape);
}
