package org.lamina.plugins.swish;

import java.util.Map;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.Launch;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;

/**
 * Launches {@code swish.cl} on the OpenCL backend's device, through the backend's context and its
 * program cache: the plugin's kernel runs in the backend's queue between Lamina's own kernels.
 */
final class SwishKernels {
    /**
     * The plugin's kernel source, read from this bundle, after Lamina's common header (as Lamina's
     * own kernel families are built); also the key to release its programs.
     */
    static final ProgramSource SOURCE = ProgramSource.resource(SwishKernels.class, "swish.cl").withCommonHeader();
    /** Values per work-item: four amortise the index arithmetic without starving small tensors. */
    static final int ITEMS = 4;

    private SwishKernels() {
    }

    /** Enqueues {@code y = swish(x)}; false (and nothing enqueued) once the plugin has stopped. */
    static boolean forward(OpenClAccess device, int count, float beta, Buffer x, Buffer y) {
        Launch.requireSize("swish", "input", x, count);
        Launch.requireSize("swish", "output", y, count);
        return SwishPlugin.unlessStopped(() -> {
            program(device).kernel("swish_forward").args().i(count).f(beta).buffer(x).buffer(y)
                    .launch1D(Launch.blocks(count, ITEMS), device.defaultWorkGroup());
            return true;
        });
    }

    /** Enqueues the input gradient; false (and nothing enqueued) once the plugin has stopped. */
    static boolean backward(OpenClAccess device, int count, float beta, Buffer x, Buffer dy, Buffer dx) {
        Launch.requireSize("swish", "input", x, count);
        Launch.requireSize("swish", "output gradient", dy, count);
        Launch.requireSize("swish", "input gradient", dx, count);
        return SwishPlugin.unlessStopped(() -> {
            program(device).kernel("swish_backward").args().i(count).f(beta).buffer(x).buffer(dy).buffer(dx)
                    .launch1D(Launch.blocks(count, ITEMS), device.defaultWorkGroup());
            return true;
        });
    }

    private static Program program(OpenClAccess device) {
        return device.program(SOURCE, Map.of("ITEMS", ITEMS));
    }
}
