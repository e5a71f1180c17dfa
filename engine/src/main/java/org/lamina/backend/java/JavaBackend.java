package org.lamina.backend.java;

import org.lamina.backend.Backend;
import org.lamina.backend.ConvolutionOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/**
 * The pure-Java reference backend: plain loops, computed in double precision and stored as float32,
 * spread over the cores with parallel streams. Simple enough to trust; it is the oracle the OpenCL
 * backend is compared with, and the fallback when no OpenCL device exists.
 */
public final class JavaBackend implements Backend {
    private final JavaConvolution convolution = new JavaConvolution(this);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String device() {
        return "host (Java, " + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (data.length != s.size()) {
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape " + s);
        }
        return new Tensor(s, this, new HostStorage(data.clone()));
    }

    @Override
    public Tensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(s, this, new HostStorage(new float[s.size()]));
    }

    @Override
    public float[] read(Tensor t) {
        Tensors.requireOn(this, "read", "tensor", t);
        return data(t).clone();
    }

    @Override
    public ConvolutionOps convolution() {
        return convolution;
    }

    @Override
    public void close() {
        // Host memory is the garbage collector's.
    }

    /** The live values of a tensor of this backend (not a copy). */
    float[] data(Tensor t) {
        return ((HostStorage) t.storage()).data();
    }

    /** The values of {@code t} widened to double, or null for a null tensor. */
    double[] doubles(String op, String argument, Tensor t) {
        if (t == null) {
            return null;
        }
        Tensors.requireOn(this, op, argument, t);
        float[] f = data(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** A new tensor of this backend holding {@code values} rounded to float32. */
    Tensor fromDoubles(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(Shape.of(shape), this, new HostStorage(f));
    }
}
