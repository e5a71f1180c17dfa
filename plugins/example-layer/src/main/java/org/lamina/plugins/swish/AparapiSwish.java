package org.lamina.plugins.swish;

import com.aparapi.Kernel;
import com.aparapi.Range;

/**
 * Swish written in Java for Aparapi, which translates the kernels' {@code run()} methods from byte code
 * to OpenCL at first use and runs them on an OpenCL device of its own choice, or in a Java thread
 * pool when it finds none. It works on host arrays, so on the OpenCL backend the values travel to the
 * host and back: it shows the second way to write a kernel, not the fastest path.
 *
 * <p>The kernels are top-level classes ({@link SwishForwardKernel}, {@link SwishBackwardKernel}):
 * Aparapi reads their byte code, and a nested class carries attributes it does not expect. One
 * kernel object per direction, shared and used under its lock: an Aparapi kernel holds its
 * arguments in fields. {@link #dispose()} releases them (and Aparapi's OpenCL resources).
 */
final class AparapiSwish {
    private static SwishForwardKernel forward;
    private static SwishBackwardKernel backward;

    private AparapiSwish() {
    }

    /** {@code y[i] = x[i] * sigmoid(beta * x[i])}; false (and nothing done) once the plugin has stopped. */
    static synchronized boolean forward(float[] x, float[] y, int count, float beta) {
        if (SwishPlugin.stopped()) {
            return false;
        }
        if (forward == null) {
            forward = new SwishForwardKernel();
        }
        forward.x = x;
        forward.y = y;
        forward.count = count;
        forward.beta = beta;
        execute(forward, count);
        forward.x = forward.y = null; // the arrays belong to tensors: do not keep them alive
        return true;
    }

    /**
     * {@code dx[i] = dy[i] * (s + beta * x[i] * s * (1 - s))}, {@code s = sigmoid(beta * x[i])}; false
     * (and nothing done) once the plugin has stopped.
     */
    static synchronized boolean backward(float[] x, float[] dy, float[] dx, int count, float beta) {
        if (SwishPlugin.stopped()) {
            return false;
        }
        if (backward == null) {
            backward = new SwishBackwardKernel();
        }
        backward.x = x;
        backward.dy = dy;
        backward.dx = dx;
        backward.count = count;
        backward.beta = beta;
        execute(backward, count);
        backward.x = backward.dy = backward.dx = null;
        return true;
    }

    /** Where the last kernel ran ({@code OpenCL ...}, {@code Java thread pool}), or empty before the first. */
    static synchronized String lastDevice() {
        Kernel k = backward != null ? backward : forward;
        if (k == null) {
            return "";
        }
        com.aparapi.device.Device d = k.getTargetDevice();
        return d == null ? "" : d.getType() + " " + d.getShortDescription();
    }

    /** Releases both kernels; the next use creates them again. */
    static synchronized void dispose() {
        if (forward != null) {
            forward.dispose();
            forward = null;
        }
        if (backward != null) {
            backward.dispose();
            backward = null;
        }
    }

    private static void execute(Kernel k, int count) {
        if (count > 0) {
            k.execute(Range.create(count));
        }
    }
}
