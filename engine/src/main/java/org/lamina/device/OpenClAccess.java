package org.lamina.device;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The OpenCL backend's context, opened to plugins: the device buffers of its tensors, new tensors
 * for results, and programs built from a plugin's own {@code .cl} resource through the context's
 * program cache (memory, then disk, then the compiler). Kernels are enqueued on the backend's one
 * in-order queue, so they run after the ops before them and before those after them.
 *
 * <p>A plugin's source can start with Lamina's common header ({@code common.cl}: {@code CAT},
 * {@code UNROLL}, the {@code VEC} vector types, {@code group_sum}, {@code group_max}) through
 * {@link ProgramSource#withCommonHeader()}.
 *
 * <p>A plugin that builds programs releases them when it is removed, with
 * {@link ClContext#releasePrograms(ProgramSource)}.
 */
@ProviderType
public non-sealed interface OpenClAccess extends DeviceAccess {

    /** The backend's context (device, queue, buffers); the backend owns it: never close it. */
    ClContext context();

    /**
     * The device buffer holding {@code t}'s values (row-major, {@code t.size()} floats from offset 0;
     * the buffer may be larger). The tensor keeps ownership.
     *
     * @throws IllegalArgumentException naming {@code op} and {@code argument} when {@code t} lives on
     *     another backend
     */
    Buffer buffer(String op, String argument, Tensor t);

    /** A new tensor of {@code shape} on this backend, its values undefined; the caller owns it. */
    Tensor allocate(int... shape);

    /**
     * The program built from {@code source} with {@code defines} as {@code -D} options (upper-case
     * names, integer or boolean values), cached by the context.
     *
     * @throws org.lamina.opencl.BuildException with the build log when the source does not compile
     */
    Program program(ProgramSource source, Map<String, ?> defines);

    /**
     * The work-group size Lamina's own element-wise kernels use on this device: the tuning
     * database's (or the device's tuned file's) {@code elementwise.workGroup}.
     */
    int defaultWorkGroup();
}
