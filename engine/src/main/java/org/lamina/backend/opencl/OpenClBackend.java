package org.lamina.backend.opencl;

import java.util.Locale;
import org.lamina.backend.Backend;
import org.lamina.backend.ConvolutionOps;
import org.lamina.backend.Tensors;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/**
 * The OpenCL backend: tensors in device buffers, ops as the kernels of kernels-opencl. Kernel
 * families are built on first use, so a run compiles only what it needs.
 */
public final class OpenClBackend implements Backend {
    private final ClContext context;
    private final boolean ownsContext;
    private final String description;
    private volatile OpenClConvolution convolution;

    /** A backend with a context of its own on {@code device}. */
    public OpenClBackend(Device device) {
        this(ClContext.create(device), true);
    }

    /** A backend over an existing context, which the caller keeps and closes. */
    public OpenClBackend(ClContext context) {
        this(context, false);
    }

    private OpenClBackend(ClContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        Device d = context.device();
        this.description = "opencl #" + d.index() + " " + d.type().name().toLowerCase(Locale.ROOT) + " " + d.name();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return description;
    }

    public ClContext context() {
        return context;
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (data.length != s.size()) {
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape " + s);
        }
        return wrap(context.upload(data), s);
    }

    @Override
    public Tensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        Buffer b = context.allocate(s.size());
        context.fill(b, 0, s.size(), 0f);
        return wrap(b, s);
    }

    @Override
    public float[] read(Tensor t) {
        Tensors.requireOn(this, "read", "tensor", t);
        float[] out = new float[t.size()];
        context.read(buffer(t), 0, out);
        return out;
    }

    @Override
    public ConvolutionOps convolution() {
        OpenClConvolution c = convolution;
        if (c == null) {
            synchronized (this) {
                if (convolution == null) {
                    convolution = new OpenClConvolution(this);
                }
                c = convolution;
            }
        }
        return c;
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }

    /** A new, uninitialised tensor of {@code shape} on this device. */
    Tensor allocate(int... shape) {
        Shape s = Shape.of(shape);
        return wrap(context.allocate(s.size()), s);
    }

    /** The buffer of a tensor, after checking that it lives here (null for a null tensor). */
    Buffer buffer(String op, String argument, Tensor t) {
        if (t == null) {
            return null;
        }
        Tensors.requireOn(this, op, argument, t);
        return buffer(t);
    }

    static Buffer buffer(Tensor t) {
        return ((BufferStorage) t.storage()).buffer();
    }

    /** Runs {@code fill} on a fresh tensor and returns it, releasing it if the launch fails. */
    Tensor produce(int[] shape, java.util.function.Consumer<Buffer> fill) {
        Tensor out = allocate(shape);
        try {
            fill.accept(buffer(out));
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private Tensor wrap(Buffer b, Shape s) {
        return new Tensor(s, this, new BufferStorage(b));
    }

}
