package org.lamina.plugins.swish;

import java.util.Arrays;
import java.util.Optional;
import org.lamina.backend.Backend;
import org.lamina.backend.Tensors;
import org.lamina.device.DeviceAccess;
import org.lamina.device.HostAccess;
import org.lamina.device.OpenClAccess;
import org.lamina.opencl.Buffer;
import org.lamina.tensor.Tensor;

/**
 * The swish op, {@code y = x * sigmoid(beta * x)} (Ramachandran et al., "Searching for Activation
 * Functions", 2017; {@code beta = 1} is PyTorch's SiLU), forward and backward, in three
 * implementations chosen by {@link Impl}. {@code beta} is a fixed setting, not a learned parameter.
 */
public final class Swish {
    private final double beta;
    private final Impl impl;

    /**
     * @throws IllegalArgumentException when {@code beta} is not a finite number
     */
    public Swish(double beta, Impl impl) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("swish: beta " + beta + " is not a finite number");
        }
        if (impl == null) {
            throw new IllegalArgumentException("swish: impl is missing");
        }
        this.beta = beta;
        this.impl = impl;
    }

    public double beta() {
        return beta;
    }

    public Impl impl() {
        return impl;
    }

    /**
     * {@code x * sigmoid(beta * x)}, a new tensor on {@code x}'s backend. Once the plugin has stopped,
     * the Java implementation runs whatever {@link #impl()} says (see {@link SwishPlugin}).
     */
    public Tensor forward(Tensor x) {
        require(x, "input");
        Backend b = x.backend();
        DeviceAccess device = b.deviceAccess();
        int n = x.size();
        float fb = (float) beta;
        Impl chosen = impl.on(device);
        if (chosen == Impl.OPENCL) {
            OpenClAccess cl = (OpenClAccess) device;
            Buffer in = cl.buffer("swish", "input", x);
            Optional<Tensor> y = cl.produceIf(x.dims(), out -> SwishKernels.forward(cl, n, fb, in, out));
            if (y.isPresent()) {
                return y.get();
            }
        }
        float[] in = host(device, x, "input");
        float[] y = new float[n];
        if (chosen != Impl.APARAPI || !AparapiSwish.forward(in, y, n, fb)) {
            for (int i = 0; i < n; i++) {
                y[i] = (float) forward(in[i], beta);
            }
        }
        return result(b, device, y, x.dims());
    }

    /**
     * The gradient of the input from the input and the gradient of the output, a new tensor on their
     * backend.
     */
    public Tensor backward(Tensor x, Tensor gradOutput) {
        require(x, "input");
        require(gradOutput, "output gradient");
        if (!Arrays.equals(x.dims(), gradOutput.dims())) {
            throw new IllegalArgumentException("swish: output gradient has shape " + gradOutput.shape()
                    + " but the input has shape " + x.shape());
        }
        Backend b = x.backend();
        Tensors.requireOn(b, "swish", "output gradient", gradOutput);
        DeviceAccess device = b.deviceAccess();
        int n = x.size();
        float fb = (float) beta;
        Impl chosen = impl.on(device);
        if (chosen == Impl.OPENCL) {
            OpenClAccess cl = (OpenClAccess) device;
            Buffer in = cl.buffer("swish", "input", x);
            Buffer dy = cl.buffer("swish", "output gradient", gradOutput);
            Optional<Tensor> dx = cl.produceIf(x.dims(), out -> SwishKernels.backward(cl, n, fb, in, dy, out));
            if (dx.isPresent()) {
                return dx.get();
            }
        }
        float[] in = host(device, x, "input");
        float[] dy = host(device, gradOutput, "output gradient");
        float[] dx = new float[n];
        if (chosen != Impl.APARAPI || !AparapiSwish.backward(in, dy, dx, n, fb)) {
            for (int i = 0; i < n; i++) {
                dx[i] = (float) (dy[i] * derivative(in[i], beta));
            }
        }
        return result(b, device, dx, x.dims());
    }

    /** The reference: {@code x * sigmoid(beta * x)} in double precision. */
    static double forward(double x, double beta) {
        return x * sigmoid(beta * x);
    }

    /** The reference derivative: {@code s + beta * x * s * (1 - s)}, {@code s = sigmoid(beta * x)}. */
    static double derivative(double x, double beta) {
        double s = sigmoid(beta * x);
        return s + beta * x * s * (1 - s);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static void require(Tensor t, String argument) {
        if (t == null) {
            throw new IllegalArgumentException("swish: " + argument + " is missing");
        }
    }

    /** The values of {@code t} on the host: shared on the Java backend, a copy elsewhere. */
    private static float[] host(DeviceAccess device, Tensor t, String argument) {
        if (device instanceof HostAccess h) {
            return h.data("swish", argument, t);
        }
        return t.toArray();
    }

    private static Tensor result(Backend b, DeviceAccess device, float[] values, int[] dims) {
        return device instanceof HostAccess h ? h.wrap(values, dims) : b.tensor(values, dims);
    }

    @Override
    public String toString() {
        return "swish(beta=" + beta + ", impl=" + impl + ")";
    }
}
